// `npm run etl -- <command>`: operate the ETL through its admin API.
//   backfill --from YYYY-MM-DD --to YYYY-MM-DD [--custodian ID] [--include-finished]
//                                                                  start a job, follow its progress to re-aggregation;
//                                                                  --include-finished reprocesses FINISHED runs too
//   reprocess ROLLOVER_ID                                          reprocess a FINISHED run (its next revision), follow
//   status                                                         queue health and recent runs
//   retry-failed                                                   retry every ERROR run, follow
import { parseArgs } from 'node:util';
import type { AdminBackfillJob } from '@trustrails/contracts';
import { SETTLED_STATES } from '@trustrails/contracts/run-states';
import { createAdminClient, type AdminCall } from './admin-client';
import { progressBar, table } from './progress';

const USAGE = `usage: npm run etl -- backfill --from YYYY-MM-DD --to YYYY-MM-DD [--custodian ID] [--include-finished]
       npm run etl -- reprocess ROLLOVER_ID
       npm run etl -- status
       npm run etl -- retry-failed`;

/** Follows queued runs to a terminal state; resolves with the final counts. */
async function follow(
  call: AdminCall,
  rolloverIds: string[],
  label: string,
  timeoutMs = 30 * 60_000,
): Promise<Record<string, number>> {
  const bar = progressBar(rolloverIds.length, label);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts: Record<string, number> = {};
    for (let i = 0; i < rolloverIds.length; i += 1000) {
      const part = await call('statusCounts', { body: { rolloverIds: rolloverIds.slice(i, i + 1000) } });
      for (const [status, n] of Object.entries(part)) counts[status] = (counts[status] ?? 0) + n;
    }
    const done = SETTLED_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
    bar(done, `finished ${counts.FINISHED ?? 0} failed ${counts.ERROR ?? 0}`);
    if (done >= rolloverIds.length) return counts;
    if (Date.now() > deadline)
      throw new Error(`gave up after ${timeoutMs / 1000}s with ${rolloverIds.length - done} runs unfinished`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Follows a backfill job to its end: its runs queued (the request queues what it can in its time
 * budget, sweeps the rest), settled, and the range re-aggregated. A job that stops moving while it
 * queues or once it has settled is given a sweep (POST /sweep) rather than a wait for the schedule.
 */
async function followJob(call: AdminCall, backfillId: string, timeoutMs = 60 * 60_000): Promise<AdminBackfillJob> {
  const deadline = Date.now() + timeoutMs;
  const bar = progressBar(0, 'backfill');
  let seen = '';
  let stillSince = Date.now();
  for (;;) {
    const job = await call('getBackfill', { params: { backfillId } });
    // Nothing to count yet while the first chunk is queued: an empty bar would read as complete.
    if (job.queued > 0 || job.status !== 'QUEUEING')
      bar(job.settled, `settled (${job.status}, ${job.chunks} chunks read)`, job.queued);
    if (job.status === 'DONE') return job;
    const now = `${job.chunks}/${job.settled}`;
    if (now !== seen) [seen, stillSince] = [now, Date.now()];
    const settled = job.status === 'WAITING' && job.settled >= job.queued;
    if (settled || Date.now() - stillSince > 15_000) {
      await call('sweep');
      stillSince = Date.now();
    }
    if (Date.now() > deadline)
      throw new Error(`gave up after ${timeoutMs / 1000}s: backfill ${backfillId} is ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function backfill(
  call: AdminCall,
  values: { from?: string; to?: string; custodian?: string; 'include-finished'?: boolean },
): Promise<number> {
  if (!values.from || !values.to) throw new Error(`backfill needs --from and --to\n${USAGE}`);
  const report = await call('backfill', {
    body: {
      from: values.from,
      to: values.to,
      ...(values.custodian ? { custodianId: values.custodian } : {}),
      ...(values['include-finished'] ? { includeFinished: true } : {}),
    },
  });
  console.log(
    `backfill ${values.from} → ${values.to}${values.custodian ? ` for ${values.custodian}` : ''}: job ${report.backfillId ?? '-'}, ${report.completions} completed rollovers so far, ${report.alreadyFinished} already finished, ${report.job?.queued ?? 0} queued${report.job?.status === 'QUEUEING' ? ' (still queueing)' : ''}`,
  );
  const job = report.backfillId ? await followJob(call, report.backfillId) : null;
  // The final states of the runs the request listed (at most 1,000): what failed, by name.
  const counts = report.queued.length ? await follow(call, report.queued, 'runs listed by the request') : {};
  console.log(
    `\n${table([
      { what: 'completed rollovers in range', count: job?.completions ?? report.completions },
      { what: 'already finished', count: job?.alreadyFinished ?? report.alreadyFinished },
      { what: 'enqueued (never run)', count: job?.enqueued ?? report.enqueued },
      { what: 'retried (were ERROR)', count: job?.retried ?? report.retried },
      { what: 'reprocessed (were FINISHED)', count: job?.reprocessed ?? report.reprocessed },
      { what: 'were in flight', count: job?.inFlight ?? report.inFlight },
      { what: 'settled now', count: job?.settled ?? 0 },
      { what: 'finished now', count: counts.FINISHED ?? 0 },
      { what: 'failed', count: counts.ERROR ?? 0 },
      { what: 'analytics rows rebuilt', count: job?.reaggregated?.rows ?? report.reaggregated?.rows ?? 0 },
    ])}`,
  );
  return (counts.ERROR ?? 0) > 0 ? 1 : 0;
}

async function status(call: AdminCall): Promise<number> {
  const health = await call('health');
  console.log(
    table([
      { metric: 'queue depth', value: health.queueDepth },
      { metric: 'pending / running', value: `${health.pending} / ${health.running}` },
      { metric: 'oldest pending', value: health.oldestPendingAt ?? '-' },
      { metric: 'failures in the last hour', value: health.failuresLastHour },
      {
        metric: 'processing ms avg / p95',
        value: `${health.processingTimeMs.avg ?? '-'} / ${health.processingTimeMs.p95 ?? '-'} (${health.processingTimeMs.samples} runs)`,
      },
    ]),
  );
  const { runs } = await call('listRuns', { query: { pageSize: 10 } });
  console.log(
    `\nrecent runs\n${table(runs.map((r) => ({ rollover: r.id, status: r.status, attempt: r.attempt, ms: r.processingTimeMs, error: r.lastError?.reason.slice(0, 60) ?? '' })))}`,
  );
  return 0;
}

async function retryFailed(call: AdminCall): Promise<number> {
  const { runs } = await call('listRuns', { query: { status: 'ERROR', pageSize: 100 } });
  const answer = await call('retry', { body: { allFailed: true } });
  if ('rolloverId' in answer) throw new Error('retry of all failed runs answered for one run');
  const { retried } = answer;
  console.log(`retried ${retried} failed run(s)`);
  if (retried === 0) return 0;
  const counts = await follow(
    call,
    runs.map((r) => r.id),
    'retry',
  );
  console.log(`\n${table(Object.entries(counts).map(([s, n]) => ({ status: s, runs: n })))}`);
  return (counts.ERROR ?? 0) > 0 ? 1 : 0;
}

/** Reprocess one FINISHED run as its next revision, and follow it until it settles. */
async function reprocess(call: AdminCall, rolloverId: string | undefined): Promise<number> {
  if (!rolloverId) throw new Error(`reprocess needs a rollover id\n${USAGE}`);
  const outcome = await call('reprocessRun', { params: { rolloverId }, body: {} });
  console.log(`reprocess ${rolloverId}: ${outcome.status}`);
  const counts = await follow(call, [rolloverId], 'reprocess');
  console.log(`\n${table(Object.entries(counts).map(([s, n]) => ({ status: s, runs: n })))}`);
  return (counts.FINISHED ?? 0) === 1 ? 0 : 1;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      custodian: { type: 'string' },
      'include-finished': { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (!command || !['backfill', 'reprocess', 'status', 'retry-failed'].includes(command)) throw new Error(USAGE);
  const call = await createAdminClient();
  if (command === 'backfill') return backfill(call, values);
  if (command === 'reprocess') return reprocess(call, positionals[1]);
  if (command === 'status') return status(call);
  return retryFailed(call);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
