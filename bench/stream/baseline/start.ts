// Starts the seed-baseline server (server.ts) as a child of the bench, so its memory readings are
// its own and not mixed with the bench driver's, and stops it when the bench ends.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { childEnv } from '../../settings';

export interface BaselineServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export function startBaselineServer(): Promise<BaselineServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'server.ts')], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`baseline server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { port } = JSON.parse(line) as { port: number };
      resolve({ baseUrl: `http://127.0.0.1:${port}`, stop });
    });
  });
}
