// The six phases of the run's latest attempt as bars on one time axis, in order, each with its
// duration and any in-delivery retries; a phase the attempt never reached shows as not run, and
// the phase a running attempt is in as running.
import { PHASES } from '@trustrails/contracts/phases';
import { formatMs } from '@/lib/format/format';
import styles from './run-detail.module.css';

/** Each phase's bar on the attempt's time axis, in percent: where it starts, and how wide it is. */
function barsOf(timings: Record<string, number>) {
  const total = PHASES.reduce((sum, phase) => sum + (timings[phase] ?? 0), 0);
  let offset = 0;
  return PHASES.map((phase) => {
    const ms = timings[phase];
    const left = total > 0 ? (offset / total) * 100 : 0;
    const width = total > 0 && ms !== undefined ? Math.max((ms / total) * 100, 0.5) : 0;
    offset += ms ?? 0;
    return { phase, ms, left, width };
  });
}

export function PhaseTimeline({
  timings,
  retries,
  current = null,
}: {
  timings: Record<string, number>;
  retries: Record<string, number>;
  /** The phase a running attempt is in, shown as running rather than not run. */
  current?: string | null;
}) {
  return (
    <ol className={styles.timeline} data-testid="phase-timeline" aria-label="Phases of the latest attempt">
      {barsOf(timings).map(({ phase, ms, left, width }) => {
        return (
          <li key={phase} data-phase={phase} data-ms={ms ?? ''} data-current={phase === current ? 'true' : undefined}>
            <span className={styles.phaseName}>{phase}</span>
            <span className={styles.track}>
              {ms !== undefined ? (
                <span className={styles.bar} style={{ left: `${left}%`, width: `${width}%` }} />
              ) : null}
            </span>
            <span className={styles.phaseMs}>
              {ms !== undefined ? formatMs(ms) : phase === current ? 'running…' : 'not run'}
              {retries[phase] ? ` · ${retries[phase]} retries` : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
