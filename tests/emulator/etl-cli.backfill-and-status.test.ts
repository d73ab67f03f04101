// The operator CLI against the real admin API: a backfill picks up a failed rollover whose data
// was fixed, follows it to FINISHED with progress, prints its summary and exits 0; `status`
// prints the health table; bad arguments exit 2 with the usage.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { seedDemoUsers } from '../../scripts/stack/seed-users';
import { db, uniqueId } from '../support/firebase';
import { waitForRunStatus } from '../support/etl';
import { writeEvents } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/etl-cli/main.ts', ...args], {
    cwd: ROOT,
    env: process.env,
    timeout: 120_000,
  });

beforeAll(() => seedDemoUsers());

test('backfill re-runs a fixed failed rollover in the range and reports it', async () => {
  const rolloverId = uniqueId('cli');
  const day = new Date();
  const l = rollover({ rolloverId, amountCents: 900, completedAt: day });
  const custodian = l.sourceCustodianId;
  await writeLifecycle(l, 'without-initiated');
  await waitForRunStatus(rolloverId, 'ERROR');
  await writeEvents(db(), [l.before[0]!]);

  const from = new Date(day.getTime() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
  const { stdout } = await cli('backfill', '--from', from, '--to', to, '--custodian', custodian);
  expect(stdout).toMatch(/backfill \[#+\] 1\/1 100%/);
  expect(stdout).toMatch(/retried \(were ERROR\)\s+1/);
  expect(stdout).toMatch(/finished now\s+1/);
  await waitForRunStatus(rolloverId, 'FINISHED');
}, 150_000);

test('status prints queue health and recent runs', async () => {
  const { stdout } = await cli('status');
  expect(stdout).toMatch(/queue depth\s+\d+/);
  expect(stdout).toMatch(/recent runs/);
});

test('bad arguments exit 2 with the usage', async () => {
  await expect(cli('backfill', '--from', '2026-01-01')).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/needs --from and --to/),
  });
  await expect(cli('explode')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/usage: npm run etl/) });
});

test('reprocess re-opens a FINISHED run as its next revision and follows it; --include-finished on a backfill does the same', async () => {
  const rolloverId = uniqueId('cli-rp');
  const day = new Date();
  const l = rollover({ rolloverId, amountCents: 700, completedAt: day });
  const custodian = l.sourceCustodianId;
  await writeLifecycle(l);
  await waitForRunStatus(rolloverId, 'FINISHED');

  const { stdout } = await cli('reprocess', rolloverId);
  expect(stdout).toMatch(new RegExp(`reprocess ${rolloverId}: PENDING`));
  expect(stdout).toMatch(/FINISHED\s+1/);
  expect((await db().doc(`etlRuns/${rolloverId}`).get()).get('revision')).toBe(2);

  const from = new Date(day.getTime() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
  const backfill = await cli('backfill', '--from', from, '--to', to, '--custodian', custodian, '--include-finished');
  expect(backfill.stdout).toMatch(/reprocessed \(were FINISHED\)\s+1/);
  expect(backfill.stdout).toMatch(/finished now\s+1/);
  expect((await db().doc(`etlRuns/${rolloverId}`).get()).get('revision')).toBe(3);
}, 200_000);
