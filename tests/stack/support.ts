// Helpers for tests of the local stack's own scripts: running exec.ts as a user would, and
// finding ports and port offsets nobody on this shared machine is using.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export function holdPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

export async function isFree(port: number): Promise<boolean> {
  try {
    const server = await holdPort(port);
    await new Promise((resolve) => server.close(resolve));
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port chosen by the kernel. */
export async function freePort(): Promise<number> {
  const server = await holdPort(0);
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A STACK_PORT_OFFSET in 700–999 whose postgres port (54329 + offset) is free right now. */
export async function freeOffset(): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const offset = 700 + Math.floor(Math.random() * 300);
    if (await isFree(54329 + offset)) return offset;
  }
  throw new Error('no free port offset found');
}

export interface Finished {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs `node --import tsx scripts/stack/exec.ts <args>` to its end, with a deadline. */
export function runExec(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Finished> {
  return runStackScript('exec.ts', args, env, timeoutMs);
}

/** Runs `node --import tsx scripts/stack/<script> <args>` to its end, as a user would, with a deadline. */
export function runStackScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/stack', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish in ${timeoutMs} ms; output so far:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `pid` is gone, or the deadline passes; returns whether it is gone. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}
