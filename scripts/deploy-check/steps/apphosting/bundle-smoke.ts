// Starts the adapter's output bundle the way App Hosting runs it: only the files bundle.yaml keeps,
// copied out of the repository (so nothing resolves from the repo's node_modules), started with its
// runCommand and App Hosting's runtime environment; then /login, its static assets and the
// redirects must answer as a browser behind the proxy needs them to.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB, type OutputBundle } from './adapter-build';
import { REHEARSAL_ORIGIN, runtimeEnv, type AppHostingYaml } from './runtime-env';

const START_DEADLINE_MS = 90_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Copies what the container keeps into a fresh folder laid out like web/. */
function copyKeptFiles(bundle: OutputBundle, web: string): string {
  const app = mkdtempSync(join(tmpdir(), 'apphosting-bundle-'));
  for (const path of bundle.include)
    cpSync(join(web, path), join(app, path), { recursive: true, verbatimSymlinks: true });
  return app;
}

async function waitUntilServing(base: string, server: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the bundle's server exited with ${server.exitCode}:\n${output.slice(-20).join('\n')}`);
    const answered = await fetch(`${base}/login`, { redirect: 'manual' }).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `the bundle's server did not answer within ${START_DEADLINE_MS} ms:\n${output.slice(-20).join('\n')}`,
  );
}

const CONTENT_TYPES: Record<string, RegExp> = { '.js': /javascript/, '.css': /text\/css/ };

/** /login renders the sign-in form, and every static asset it names serves the built file. */
async function checkLoginAndAssets(base: string, web: string, log: (line: string) => void): Promise<void> {
  const login = await fetch(`${base}/login`);
  const html = await login.text();
  if (login.status !== 200) throw new Error(`GET /login answered ${login.status}: ${html.slice(0, 300)}`);
  for (const part of ['name="email"', 'name="password"', 'type="submit"'])
    if (!html.includes(part)) throw new Error(`GET /login has no ${part} in its form`);
  const assets = [...new Set(html.match(/\/_next\/static\/[^"'\s)?\\]+/g) ?? [])];
  if (!assets.some((asset) => asset.endsWith('.js'))) throw new Error('GET /login names no /_next/static script');
  for (const asset of assets) {
    const response = await fetch(`${base}${asset}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`GET ${asset} answered ${response.status}`);
    const type = CONTENT_TYPES[asset.slice(asset.lastIndexOf('.'))];
    if (type && !type.test(response.headers.get('content-type') ?? ''))
      throw new Error(`GET ${asset} has Content-Type ${response.headers.get('content-type')}`);
    const built = readFileSync(join(web, '.next', 'static', asset.slice('/_next/static/'.length)));
    if (!body.equals(built)) throw new Error(`GET ${asset} is not the built file`);
  }
  log(`  GET /login 200 with the sign-in form; ${assets.length} static assets 200, identical to the build`);
}

/** Redirects name the public origin, never the bind address (what a proxy hands Next). */
async function checkRedirects(base: string, port: number, log: (line: string) => void): Promise<void> {
  const logout = await fetch(`${base}/logout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: REHEARSAL_ORIGIN, 'x-forwarded-proto': 'https' },
  });
  const location = logout.headers.get('location');
  if (logout.status !== 303 || location !== `${REHEARSAL_ORIGIN}/login`)
    throw new Error(
      `POST /logout answered ${logout.status} Location ${location}; expected 303 ${REHEARSAL_ORIGIN}/login`,
    );
  const dashboard = await fetch(`${base}/dashboard`, { redirect: 'manual' });
  const next = dashboard.headers.get('location') ?? '';
  if (
    dashboard.status < 300 ||
    dashboard.status > 399 ||
    /0\.0\.0\.0|127\.0\.0\.1|localhost/.test(next) ||
    next.includes(`:${port}`)
  )
    throw new Error(`GET /dashboard without a session answered ${dashboard.status} Location ${next}`);
  log(`  POST /logout 303 -> ${location}; GET /dashboard ${dashboard.status} -> ${next}`);
}

/** Runs the smoke test; always stops the server and removes the copy. */
export async function smokeTestBundle(
  bundle: OutputBundle,
  yaml: AppHostingYaml,
  log: (line: string) => void,
  web = WEB,
): Promise<void> {
  const app = copyKeptFiles(bundle, web);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`  starting \`${bundle.runCommand}\` from a copy of ${bundle.include.join(', ')} on port ${port}`);
  // Its own process group, so the shell and the node it starts stop together.
  const server = spawn(bundle.runCommand, { cwd: app, env: runtimeEnv(yaml, port), shell: true, detached: true });
  const output: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  server.stderr?.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  try {
    await waitUntilServing(base, server, output);
    await checkLoginAndAssets(base, web, log);
    await checkRedirects(base, port, log);
  } finally {
    if (server.exitCode === null && server.pid) process.kill(-server.pid, 'SIGTERM');
    rmSync(app, { recursive: true, force: true });
  }
}
