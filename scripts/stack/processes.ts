// Child processes of the local stack, each in its own process group so that shutdown can stop
// a whole tree (firebase-tools' Java emulators, Next.js workers) and leave no orphans.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { exportToEnvironment } from '../settings';

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number>;
}

const RUN_VARIABLE_PREFIX = 'TRUSTRAILS_STACK_RUN_';
let runVariable: string | undefined;

/**
 * Marks every process this stack starts from now on: a variable unique to this run goes into our
 * environment, and children inherit it down the whole tree, even after firebase-tools detaches its
 * Java emulators or dies and they are re-parented. Stopping then finds exactly our processes,
 * never another stack's that merely uses the same ports. Each run adds its own variable, so a
 * stack started inside another (a test of the stack itself) is also ended by the outer one.
 */
export function tagStackRun(): string {
  runVariable ??= `${RUN_VARIABLE_PREFIX}${process.pid}_${randomBytes(6).toString('hex')}`;
  exportToEnvironment({ [runVariable]: '1' });
  return runVariable;
}

export function startManaged(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile?: string; onLine?: (line: string) => void },
): Managed {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: runVariable ? { ...options.env, [runVariable]: '1' } : options.env,
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

/** Pids whose environment carries this run's variable (Linux /proc; elsewhere none are found). */
function pidsOfThisRun(): number[] {
  if (!runVariable) return [];
  const needle = `\0${runVariable}=1\0`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      // A leading NUL lets the first variable match like every other one.
      if (`\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(needle)) pids.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read (another user's process): not ours to end either.
    }
  }
  return pids;
}

/**
 * Ends what this run started and is still alive, e.g. the Java emulators firebase-tools starts in
 * process groups of their own when it exits (or is killed) before stopping them. Call it after
 * everything was asked to stop; it never touches processes of another stack.
 */
export function endLeftovers(): number {
  let ended = 0;
  for (const pid of pidsOfThisRun()) {
    try {
      process.kill(pid, 'SIGKILL');
      ended += 1;
    } catch {
      // Already gone.
    }
  }
  return ended;
}

/**
 * Makes `handler` the only reaction to Ctrl-C and SIGTERM, so that a library's exit hook cannot cut
 * the ordered shutdown short and orphan the emulators; the stack stops Postgres itself, last.
 */
export function takeOverShutdownSignals(handler: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, handler);
  }
}
