// `next start` in production with none of its settings must stop at start, naming what is missing,
// rather than serve with demo defaults or fail at the first request (web/instrumentation.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const WEB = join(__dirname, '..', '..', 'web');

test('a production server without settings exits at start and names them', async () => {
  if (!existsSync(join(WEB, '.next', 'BUILD_ID'))) throw new Error('web is not built: run `npm run build:web` first');
  // No emulator hosts, no project, no API key, no origin: what a misconfigured deployment looks like.
  const child = spawn(join(WEB, '..', 'node_modules', '.bin', 'next'), ['start', '--port', '0'], {
    cwd: WEB,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = new Promise<'still running'>((resolve) => {
    const timer = setTimeout(() => resolve('still running'), 45_000);
    void exit.then(() => clearTimeout(timer));
  });
  const outcome = await Promise.race([exit, deadline]);
  if (outcome === 'still running') child.kill('SIGTERM');
  expect(outcome).not.toBe('still running');
  expect(outcome).not.toBe(0);
  expect(output).toMatch(/missing GCLOUD_PROJECT/);
  expect(output).toMatch(/FIREBASE_API_KEY/);
  expect(output).toMatch(/APP_ORIGIN/);
}, 60_000);
