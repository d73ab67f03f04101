// ops/monitoring holds, for every alert condition the sweeper evaluates, a log-based metric on
// the etl.healthSnapshot log and an alert policy on that metric with the same default threshold
// as functions/src/config.ts, so Cloud Monitoring and the /etl banner alert on the same figures.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_CONDITIONS } from '@trustrails/contracts';
import { sweepSettings } from '../../functions/src/config';

const ROOT = join(__dirname, '..', '..', 'ops', 'monitoring');
const read = (dir: string, file: string) => JSON.parse(readFileSync(join(ROOT, dir, file), 'utf8'));

test('every file belongs to a condition, and every condition has both files', () => {
  expect(readdirSync(join(ROOT, 'metrics')).sort()).toEqual(ALERT_CONDITIONS.map((c) => `etl_alert_${c}.json`).sort());
  expect(readdirSync(join(ROOT, 'policies')).sort()).toEqual(ALERT_CONDITIONS.map((c) => `${c}.json`).sort());
});

test.each(ALERT_CONDITIONS)(
  '%s: the metric reads its figure, the policy alerts above the default threshold',
  (condition) => {
    const metric = read('metrics', `etl_alert_${condition}.json`);
    expect(metric.filter).toContain('jsonPayload.message="etl.healthSnapshot"');
    expect(metric.valueExtractor).toBe(`EXTRACT(jsonPayload.${condition})`);
    expect(metric.metricDescriptor).toMatchObject({ metricKind: 'DELTA', valueType: 'DISTRIBUTION' });

    const policy = read('policies', `${condition}.json`);
    expect(policy.conditions).toHaveLength(1);
    const threshold = policy.conditions[0].conditionThreshold;
    expect(threshold.filter).toContain(`metric.type="logging.googleapis.com/user/etl_alert_${condition}"`);
    expect(threshold.comparison).toBe('COMPARISON_GT');
    expect(threshold.thresholdValue).toBe(sweepSettings.alerts[condition]);
    expect(policy.documentation.content.length).toBeGreaterThan(0);
  },
);
