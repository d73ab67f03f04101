// The queue's health in one line: depth, oldest pending, failures in the last hour, processing times.
import type { AdminHealth } from '@trustrails/contracts';
import { formatMs } from '../../lib/format/format';

export function HealthLine({ health: h }: { health: AdminHealth | undefined }) {
  return (
    <p data-testid="etl-health">
      Queue depth <strong>{h?.queueDepth ?? '—'}</strong> · oldest pending {h?.oldestPendingAt ?? '—'} · failures last
      hour <strong>{h?.failuresLastHour ?? '—'}</strong> · processing avg{' '}
      {h?.processingTimeMs.avg != null ? formatMs(h.processingTimeMs.avg) : '—'}, p95{' '}
      {h?.processingTimeMs.p95 != null ? formatMs(h.processingTimeMs.p95) : '—'}
    </p>
  );
}
