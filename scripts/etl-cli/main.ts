// `npm run etl -- <command>`: operate the ETL through its admin API.
//   backfill --from YYYY-MM-DD --to YYYY-MM-DD [--custodian ID]   enqueue, follow, re-aggregate
//   status                                                         queue health and recent runs
//   retry-failed                                                   retry every ERROR run, follow
import { parseArgs } from 'node:util';
import {
  AdminBackfillReport,
  AdminHealth,
  AdminRetryAllOutcome,
  AdminRunsPage,
  AdminStatusCounts,
  AdminSweepReport,
} from '@trustrails/contracts';
import { createAdminClient, type AdminCall } from './admin-client';
import { progressBar, table } from './progress';

const USAGE = `usage: npm run etl -- backfill --from YYYY-MM-DD --to YYYY-MM-DD [--custodian ID]
       npm run etl -- status
       npm run etl -- retry-failed`;

const TERMINAL = ['FINISHED', 'ERROR', 'PAUSED'];

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
      const part = await call('POST', '/runs/status', AdminStatusCounts, {
        rolloverIds: rolloverIds.slice(i, i + 1000),
      });
      for (const [status, n] of Object.entries(part)) counts[status] = (counts[status] ?? 0) + n;
    }
    const done = TERMINAL.reduce((n, s) => n + (counts[s] ?? 0), 0);
    bar(done, `finished ${counts.FINISHED ?? 0} failed ${counts.ERROR ?? 0}`);
    if (done >= rolloverIds.length) return counts;
    if (Date.now() > deadline)
      throw new Error(`gave up after ${timeoutMs / 1000}s with ${rolloverIds.length - done} runs unfinished`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function backfill(call: AdminCall, values: { from?: string; to?: string; custodian?: string }): Promise<number> {
  if (!values.from || !values.to) throw new Error(`backfill needs --from and --to\n${USAGE}`);
  const report = await call('POST', '/backfill', AdminBackfillReport, {
    from: values.from,
    to: values.to,
    ...(values.custodian ? { custodianId: values.custodian } : {}),
  });
  console.log(
    `backfill ${values.from} → ${values.to}${values.custodian ? ` for ${values.custodian}` : ''}: ${report.completions} completed rollovers, ${report.alreadyFinished} already finished, ${report.queued.length} to process`,
  );
  const counts = report.queued.length ? await follow(call, report.queued, 'backfill') : {};
  // The sweeper re-aggregates a backfill's windows once its runs have settled; sweep now rather than wait for the schedule.
  const { backfills } = await call('POST', '/sweep', AdminSweepReport, {});
  console.log(
    `\n${table([
      { what: 'completed rollovers in range', count: report.completions },
      { what: 'already finished', count: report.alreadyFinished },
      { what: 'enqueued (never run)', count: report.enqueued },
      { what: 'retried (were ERROR)', count: report.retried },
      { what: 'were in flight', count: report.inFlight },
      { what: 'finished now', count: counts.FINISHED ?? 0 },
      { what: 'failed', count: counts.ERROR ?? 0 },
      { what: 'analytics rows rebuilt', count: backfills.rows },
    ])}`,
  );
  return (counts.ERROR ?? 0) > 0 ? 1 : 0;
}

async function status(call: AdminCall): Promise<number> {
  const health = await call('GET', '/health', AdminHealth);
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
  const { runs } = await call('GET', '/runs?pageSize=10', AdminRunsPage);
  console.log(
    `\nrecent runs\n${table(runs.map((r) => ({ rollover: r.id, status: r.status, attempt: r.attempt, ms: r.processingTimeMs, error: r.lastError?.reason.slice(0, 60) ?? '' })))}`,
  );
  return 0;
}

async function retryFailed(call: AdminCall): Promise<number> {
  const { runs } = await call('GET', '/runs?status=ERROR&pageSize=100', AdminRunsPage);
  const { retried } = await call('POST', '/retry', AdminRetryAllOutcome, { allFailed: true });
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

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, custodian: { type: 'string' } },
  });
  const command = positionals[0];
  if (!command || !['backfill', 'status', 'retry-failed'].includes(command)) throw new Error(USAGE);
  const call = await createAdminClient();
  if (command === 'backfill') return backfill(call, values);
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
