// The web app for end-to-end tests: E2E_BASE_URL when a stack is already running (npm start
// --no-simulator), otherwise `next start` on the stack's web port (needs `next build` first).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface WebServer {
  baseUrl: string;
  stop(): Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`next start exited with ${child.exitCode}; see .data/logs/e2e-web.log`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${baseUrl}/api/health did not answer in ${timeoutMs} ms`);
}

export interface WebServerOptions {
  /** Extra NODE_OPTIONS for `next start`, e.g. `--max-old-space-size=…`. */
  nodeOptions?: string;
  /** Settings for this server only, e.g. a short stream lifetime for one test file. */
  env?: Record<string, string>;
  /** Flags Node refuses in NODE_OPTIONS, e.g. `--cpu-prof`: then `next start` runs under `node <flags>`. */
  nodeArgs?: string[];
}

export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  if (process.env.E2E_BASE_URL) {
    await waitForHealth(process.env.E2E_BASE_URL, null, 10_000);
    return { baseUrl: process.env.E2E_BASE_URL, stop: async () => undefined };
  }
  if (!existsSync(join(ROOT, 'web', '.next', 'BUILD_ID')))
    throw new Error('web is not built: run `npm run build --workspace web` first');
  const port = 3000 + Number(process.env.STACK_PORT_OFFSET ?? 0);
  mkdirSync(join(ROOT, '.data', 'logs'), { recursive: true });
  const log = createWriteStream(join(ROOT, '.data', 'logs', 'e2e-web.log'));
  const next = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
  const [command, args] = options.nodeArgs?.length
    ? [process.execPath, [...options.nodeArgs, next, 'start', '--port', String(port)]]
    : [join(ROOT, 'node_modules', '.bin', 'next'), ['start', '--port', String(port)]];
  const child = spawn(command, args, {
    cwd: join(ROOT, 'web'),
    env: {
      ...process.env,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
      ...(options.nodeOptions
        ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${options.nodeOptions}`.trim() }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, 60_000);
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
