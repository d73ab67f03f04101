'use client';
// The chart's granularity toggle and date range. A new granularity opens on its default range.
import { GRANULARITIES, type Granularity } from '@trustrails/contracts/granularities';
import { defaultRange, type SeriesRange } from '@/lib/analytics/dashboard-data';
import styles from './dashboard.module.css';

export function TimeSeriesControls({ range, onChange }: { range: SeriesRange; onChange: (r: SeriesRange) => void }) {
  const setDay = (field: 'from' | 'to') => (event: React.ChangeEvent<HTMLInputElement>) => {
    // An emptied date input is ignored rather than sent as a bad request.
    if (event.target.value) onChange({ ...range, [field]: event.target.value });
  };
  return (
    <div className={styles.chartControls}>
      <fieldset className={styles.toggle} data-testid="granularity-toggle">
        <legend>Granularity</legend>
        {GRANULARITIES.map((granularity: Granularity) => (
          <label key={granularity}>
            <input
              type="radio"
              name="granularity"
              value={granularity}
              checked={range.granularity === granularity}
              onChange={() => onChange(defaultRange(granularity))}
            />
            {granularity}
          </label>
        ))}
      </fieldset>
      <label>
        From <input type="date" name="from" value={range.from} max={range.to} onChange={setDay('from')} />
      </label>
      <label>
        To <input type="date" name="to" value={range.to} min={range.from} onChange={setDay('to')} />
      </label>
    </div>
  );
}
