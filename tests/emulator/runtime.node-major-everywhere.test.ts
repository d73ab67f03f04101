// Every Node process of the test stack runs production's Node major (package.json engines, 22):
// the Firebase CLI, the Functions emulator's workers (firebase-tools runs them on the CLI's own
// Node, process.execPath, whatever functions/package.json asks for) and this Jest. Read from the
// kernel (/proc), not from what the processes say of themselves.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { FieldValue } from 'firebase-admin/firestore';
import { requiredNodeMajor } from '../../scripts/runtime/node-major.cjs';
import { db, uniqueId } from '../support/firebase';
import { waitFor } from '../support/wait';

interface NodeProcess {
  pid: number;
  command: string;
  major: number;
}

/** Node processes carrying this stack run's variable (scripts/stack/processes.ts tags every one). */
function nodeProcessesOfThisStack(): NodeProcess[] {
  const tags = Object.keys(process.env).filter((name) => name.startsWith('TRUSTRAILS_STACK_RUN_'));
  if (tags.length === 0) throw new Error('not under scripts/stack/exec.ts: no TRUSTRAILS_STACK_RUN_ variable');
  const found: NodeProcess[] = [];
  for (const pid of readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)) {
    try {
      const environ = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
      if (!tags.some((tag) => environ.includes(`\0${tag}=1\0`))) continue;
      const exe = readlinkSync(`/proc/${pid}/exe`);
      if (basename(exe) !== 'node') continue;
      const version = execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim();
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid, command, major: Number(/^v(\d+)\./.exec(version)?.[1]) });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

test('the Firebase CLI, the functions workers and Jest run on the project Node major', async () => {
  // A rollover.completed without its other events: the trigger's worker claims it and the Pub/Sub
  // worker fails it for good, so both function workers have run when its run reads ERROR.
  const rolloverId = uniqueId('node-major');
  await db()
    .collection('events')
    .doc(`${rolloverId}-completed`)
    .create({
      eventType: 'rollover.completed',
      rolloverId,
      userId: 'platform',
      timestamp: FieldValue.serverTimestamp(),
      source: 'rollover-platform',
      eventData: {
        transferId: `t-${rolloverId}`,
        sourceCustodianId: 'c-a',
        destinationCustodianId: 'c-b',
        amountCents: 1,
      },
    });
  await waitFor(
    'the Pub/Sub worker to fail the run',
    async () => (await db().collection('etlRuns').doc(rolloverId).get()).get('status') === 'ERROR' || undefined,
    { timeoutMs: 240_000 },
  );

  const processes = nodeProcessesOfThisStack();
  const kinds = (pattern: RegExp) => processes.filter((p) => pattern.test(p.command));
  expect(kinds(/functionsEmulatorRuntime/).length).toBeGreaterThan(0);
  expect(kinds(/firebase emulators:exec/)).toHaveLength(1);
  expect(processes.filter((p) => p.pid === process.pid)).toHaveLength(1);
  expect(processes.filter((p) => p.major !== requiredNodeMajor())).toEqual([]);
});
