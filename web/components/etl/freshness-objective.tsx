// Freshness as users see it, against its objective: the p50 and p95 of an etl.completed's commit to
// the dashboards' cards rendering it, over the last hour, from the admin API's health figures
// (functions/src/operations/freshness-query.ts). data-* carry the raw figures for tools and tests.
import type { AdminHealth } from '@trustrails/contracts';
import { formatMs } from '@/lib/format/format';

type Freshness = AdminHealth['freshnessMs'];

/** met: p95 within the objective; breached: over it (the freshnessP95 alert opens); none: no samples this hour. */
const stateOf = (f: Freshness | undefined) =>
  !f || f.p95 === null ? 'none' : f.p95 <= f.objectiveMs ? 'met' : 'breached';

export function FreshnessObjective({ freshness: f }: { freshness: Freshness | undefined }) {
  const state = stateOf(f);
  return (
    <p
      data-testid="freshness"
      data-state={state}
      data-samples={f?.samples ?? ''}
      data-p50={f?.p50 ?? ''}
      data-p95={f?.p95 ?? ''}
      data-objective={f?.objectiveMs ?? ''}
    >
      Freshness, ETL signal committed to cards rendered, last hour: p50 <strong>{formatMs(f?.p50)}</strong>, p95{' '}
      <strong style={state === 'breached' ? { color: '#cf222e' } : undefined}>{formatMs(f?.p95)}</strong> against a{' '}
      {formatMs(f?.objectiveMs)} objective · {f?.samples ?? '—'} samples
      {state === 'breached' ? ' · objective missed' : state === 'none' ? ' · no dashboard reported this hour' : ''}
    </p>
  );
}
