// The queue's health in one line: depth, pending by lane, the oldest pending live run (since it became
// PENDING), failures in the last hour, processing times.
import type { AdminHealth } from '@trustrails/contracts';
import { formatMs } from '@/lib/format/format';

export function HealthLine({ health: h }: { health: AdminHealth | undefined }) {
  return (
    <p data-testid="etl-health">
      Queue depth <strong>{h?.queueDepth ?? '—'}</strong> · pending live {h?.pendingByLane.live ?? '—'}, bulk{' '}
      {h?.pendingByLane.bulk ?? '—'} · oldest pending live {h?.oldestPendingAt ?? '—'} · failures last hour{' '}
      <strong>{h?.failuresLastHour ?? '—'}</strong> · processing avg{' '}
      {h?.processingTimeMs.avg != null ? formatMs(h.processingTimeMs.avg) : '—'}, p95{' '}
      {h?.processingTimeMs.p95 != null ? formatMs(h.processingTimeMs.p95) : '—'}
    </p>
  );
}
