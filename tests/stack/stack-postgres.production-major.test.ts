// The embedded PostgreSQL the stack and every test run is the major production runs: the one
// `firebase deploy --only dataconnect` provisions (firebase-tools' DEFAULT_DATABASE_VERSION). And a
// data folder left by another major is refused with what to do, not with the server's own error.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort } from './support';

jest.setTimeout(120_000);

// firebase-tools' own module, the one its Cloud SQL provisioning reads ("POSTGRES_15").
const { DEFAULT_DATABASE_VERSION } = require('firebase-tools/lib/gcp/cloudsql/cloudsqladmin') as {
  DEFAULT_DATABASE_VERSION: string;
};
const productionMajor = Number(/^POSTGRES_(\d+)$/.exec(DEFAULT_DATABASE_VERSION)?.[1]);

function roundTrip(dataDir: string, port: number) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'fixtures', 'postgres-round-trip.ts'), dataDir, '', String(port)],
    { cwd: ROOT, encoding: 'utf8', timeout: 100_000 },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('stack postgres major', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pg-major-'));
    // As root the server runs as `postgres`, which must reach the folder for it to be used in place.
    chmodSync(scratch, 0o755);
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs the PostgreSQL major that Data Connect provisions in production', async () => {
    expect(productionMajor).toBeGreaterThanOrEqual(14);
    const { status, output } = roundTrip(join(scratch, 'pg'), await freePort());
    expect(output).toContain('ANSWER=2');
    expect(status).toBe(0);
    // server_version_num is major × 10000 + minor.
    const versionNum = Number(/SERVER_VERSION_NUM=(\d+)/.exec(output)?.[1]);
    expect(Math.floor(versionNum / 10_000)).toBe(productionMajor);
  });

  it('refuses a data folder of another major, keeps it, and says how to start afresh', async () => {
    const dataDir = join(scratch, 'pg-old');
    mkdirSync(dataDir, { recursive: true });
    // What a folder initialised before the switch holds; the server reads PG_VERSION first.
    const other = productionMajor === 18 ? 17 : 18;
    writeFileSync(join(dataDir, 'PG_VERSION'), `${other}\n`);
    const { status, output } = roundTrip(dataDir, await freePort());
    expect(status).toBe(1);
    expect(output).toContain(
      `holds a PostgreSQL ${other} cluster, but the stack now runs PostgreSQL ${productionMajor}`,
    );
    expect(output).toContain('npm start -- --reset');
    expect(existsSync(dataDir) && readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim()).toBe(String(other));
  });
});
