// ops/monitoring's alert policies page people, so each must be unable to fire while all is well:
// not on a steady 0, not with a figure exactly at its threshold. A policy's condition is evaluated
// here as Cloud Monitoring would, including how a percentile aligner reads a bucketed distribution
// (interpolated inside the bucket, so a steady 0 in [0, 1) can read as 0.99). Log conditions must
// match a log line the functions really emit, and the sweeper's silence must page within two of
// its intervals. The policies' channels are a placeholder the apply step fills in (docs/monitoring.md).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_CONDITIONS } from '@trustrails/contracts';
import { maintenanceSchedule } from '../../functions/src/config';
import { CHANNELS_PLACEHOLDER, parseChannels, renderPolicy } from '../../scripts/monitoring/render-policies';

// Cloud Monitoring's JSON, read loosely: a shape other than the API's fails the expectations below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const MONITORING = join(ROOT, 'ops', 'monitoring');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const filesOf = (dir: string) => readdirSync(join(MONITORING, dir)).filter((name) => name.endsWith('.json'));
const policies = filesOf('policies').map((file) => ({ file, ...readJson(join(MONITORING, 'policies', file)) }));
const metrics = new Map(
  filesOf('metrics').map((file) => [file.replace(/\.json$/, ''), readJson(join(MONITORING, 'metrics', file))]),
);
const conditions = policies.flatMap((policy) =>
  (policy.conditions as Json[]).map((condition) => ({ policy: policy.file as string, condition })),
);

// Every log line name the functions emit: logs.ts is the one place they are named.
const emitted = new Set(
  [...readFileSync(join(ROOT, 'functions', 'src', 'logs.ts'), 'utf8').matchAll(/logger\.\w+\(\s*'([\w.]+)'/g)].map(
    (match) => match[1],
  ),
);
const messageOf = (filter: string) => /jsonPayload\.message="([^"]+)"/.exec(filter)?.[1];
const metricOf = (filter: string) => /metric\.type="logging\.googleapis\.com\/user\/([\w-]+)"/.exec(filter)?.[1];

/** The most a per-series aligner can report for a series that steadily holds `value`. */
function worstAligned(aligner: string, metric: Json, value: number): number {
  if (!aligner.startsWith('ALIGN_PERCENTILE_')) return value;
  // Percentiles of a distribution are interpolated inside the bucket holding the value: up to its upper bound.
  const buckets = metric.bucketOptions ?? {};
  if (buckets.explicitBuckets) return buckets.explicitBuckets.bounds.find((bound: number) => bound > value) ?? Infinity;
  if (buckets.exponentialBuckets) {
    const { scale, growthFactor } = buckets.exponentialBuckets;
    let bound = scale;
    while (bound <= value) bound *= growthFactor;
    return bound;
  }
  return Infinity;
}

function fires(comparison: string, aligned: number, threshold: number): boolean {
  const compare: Record<string, boolean> = {
    COMPARISON_GT: aligned > threshold,
    COMPARISON_GE: aligned >= threshold,
    COMPARISON_LT: aligned < threshold,
    COMPARISON_LE: aligned <= threshold,
    COMPARISON_EQ: aligned === threshold,
    COMPARISON_NE: aligned !== threshold,
  };
  if (!(comparison in compare)) throw new Error(`unknown comparison ${comparison}`);
  return compare[comparison]!;
}

/** Seconds between two runs of an App Engine-style schedule ("every 15 minutes"). */
function scheduleIntervalSeconds(schedule: string): number {
  const match = /^every (\d+) (minutes|hours)$/.exec(schedule);
  if (!match)
    throw new Error(`cannot read an interval from "${schedule}": give the silence policy its duration by hand`);
  return Number(match[1]) * (match[2] === 'hours' ? 3600 : 60);
}

test('every policy pages the channels the apply step fills in, and says what to do', () => {
  expect(policies.length).toBeGreaterThan(0);
  for (const policy of policies) {
    expect({ file: policy.file, channels: policy.notificationChannels }).toEqual({
      file: policy.file,
      channels: [CHANNELS_PLACEHOLDER],
    });
    expect(policy.documentation.content.length).toBeGreaterThan(40);
    expect(policy.conditions.length).toBeGreaterThan(0);
  }
});

/** The (aligner, value) pairs at which a threshold condition would fire though nothing is wrong. */
function falseAlarms(threshold: Json, metric: Json): string[] {
  const { comparison, thresholdValue, aggregations } = threshold;
  return (aggregations ?? [{ perSeriesAligner: 'ALIGN_NONE' }]).flatMap(
    ({ perSeriesAligner }: Record<string, string>) =>
      [...new Set([0, thresholdValue])]
        .filter((value) => fires(comparison, worstAligned(perSeriesAligner!, metric, value), thresholdValue))
        .map((value) => `${perSeriesAligner} at a steady ${value}`),
  );
}

test('no threshold condition fires at a steady 0 or exactly at its threshold', () => {
  const found = conditions
    .filter(({ condition }) => condition.conditionThreshold)
    .flatMap(({ policy, condition }) => {
      const metric = metrics.get(metricOf(condition.conditionThreshold.filter) ?? '') ?? {};
      return falseAlarms(condition.conditionThreshold, metric).map((alarm) => `${policy}: ${alarm}`);
    });
  expect(found).toEqual([]);
});

test('the false-alarm check catches a 99th percentile over buckets, and passes a count above 0', () => {
  const buckets = { bucketOptions: { explicitBuckets: { bounds: [0, 1, 2, 5, 10, 500, 1000] } } };
  const percentile = [{ alignmentPeriod: '1800s', perSeriesAligner: 'ALIGN_PERCENTILE_99' }];
  expect(falseAlarms({ comparison: 'COMPARISON_GT', thresholdValue: 0, aggregations: percentile }, buckets)).toEqual([
    'ALIGN_PERCENTILE_99 at a steady 0',
  ]);
  expect(falseAlarms({ comparison: 'COMPARISON_GT', thresholdValue: 500, aggregations: percentile }, buckets)).toEqual([
    'ALIGN_PERCENTILE_99 at a steady 500',
  ]);
  const count = [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_SUM', crossSeriesReducer: 'REDUCE_SUM' }];
  expect(falseAlarms({ comparison: 'COMPARISON_GT', thresholdValue: 0, aggregations: count }, {})).toEqual([]);
  expect(falseAlarms({ comparison: 'COMPARISON_GE', thresholdValue: 0, aggregations: count }, {})).toEqual([
    'ALIGN_SUM at a steady 0',
  ]);
});

test.each(conditions.filter(({ condition }) => condition.conditionMatchedLog))(
  '$policy: a log-match condition matches a log line the functions emit, and pages at a limited rate',
  ({ policy, condition }) => {
    const message = messageOf(condition.conditionMatchedLog.filter);
    expect(emitted).toContain(message);
    const file = policies.find((candidate) => candidate.file === policy)!;
    expect(file.alertStrategy?.notificationRateLimit?.period).toMatch(/^\d+s$/);
  },
);

test('every log-based metric counts a log line the functions emit (a counter, no bucketed values)', () => {
  expect(metrics.size).toBeGreaterThan(0);
  for (const [name, metric] of metrics) {
    expect({ name, message: emitted.has(messageOf(metric.filter) ?? '') }).toEqual({ name, message: true });
    expect(metric.metricDescriptor).toMatchObject({ metricKind: 'DELTA', valueType: 'INT64' });
    expect(metric.valueExtractor).toBeUndefined();
  }
  // And every metric a policy reads is defined here.
  for (const { condition } of conditions) {
    const filter = (condition.conditionThreshold ?? condition.conditionAbsent)?.filter;
    if (filter) expect(metrics.has(metricOf(filter) ?? '')).toBe(true);
  }
});

test.each(ALERT_CONDITIONS)('%s: a policy pages when the sweeper opens its alert (etl.alertOpened)', (name) => {
  const matching = conditions.filter(({ condition }) => {
    const filter: string = condition.conditionMatchedLog?.filter ?? '';
    return messageOf(filter) === 'etl.alertOpened' && filter.includes(`jsonPayload.condition="${name}"`);
  });
  expect(matching).toHaveLength(1);
});

test('the sweeper going silent for two of its intervals pages', () => {
  const silence = conditions.filter(({ condition }) => {
    const filter = condition.conditionAbsent?.filter;
    return filter && messageOf(metrics.get(metricOf(filter) ?? '')?.filter ?? '') === 'etl.sweepCompleted';
  });
  expect(silence).toHaveLength(1);
  const absent = silence[0]!.condition.conditionAbsent;
  expect(absent.duration).toBe(`${2 * scheduleIntervalSeconds(maintenanceSchedule)}s`);
  // Summed over every series: a redeploy starts a new revision's series, which must not read as silence.
  for (const aggregation of absent.aggregations) {
    expect(aggregation.crossSeriesReducer).toBe('REDUCE_SUM');
    expect(aggregation.groupByFields ?? []).toEqual([]);
  }
});

test('the apply step fills in well-formed channels and refuses none', () => {
  const channel = 'projects/trustrails-prod/notificationChannels/123';
  for (const policy of policies) expect(renderPolicy(policy, [channel]).notificationChannels).toEqual([channel]);
  expect(() => parseChannels('')).toThrow(/ETL_ALERT_NOTIFICATION_CHANNELS is empty/);
  expect(() => parseChannels('ops@example.com')).toThrow(/not a notification channel name/);
  expect(parseChannels(` ${channel}, projects/other-proj/notificationChannels/9 `)).toHaveLength(2);
});
