'use client';
// The custodian's time series: completed transfers per period (bars) and the running volume
// (line), with labelled axes, and the same points as a table for screen readers and exact values.
// recharts because /etl already charts with it: one charting library, and it renders SVG without
// eval, which the Content-Security-Policy requires.
import type { TimeSeries } from '@trustrails/contracts';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCents, formatDuration } from '@/lib/format/format';
import styles from './dashboard.module.css';

const dollars = (cents: number): string => formatCents(cents).replace(/\.\d\d$/, '');
const PERIOD = { daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year' } as const;

/** The same points as a table, for screen readers and exact values. */
function TimeSeriesTable({ series }: { series: TimeSeries }) {
  return (
    <details>
      <summary>Show as a table</summary>
      <table className={styles.table} data-testid="time-series-table">
        <caption>Time series by {series.granularity} period</caption>
        <thead>
          <tr>
            <th scope="col">Period start</th>
            <th scope="col">Completed</th>
            <th scope="col">Volume</th>
            <th scope="col">Average time</th>
            <th scope="col">Running completed</th>
            <th scope="col">Running volume</th>
          </tr>
        </thead>
        <tbody>
          {series.points.map((p) => (
            <tr key={p.periodStart}>
              <th scope="row">{p.periodStart}</th>
              <td>{p.completedCount}</td>
              <td>{formatCents(p.volumeCents)}</td>
              <td>{p.avgCompletionMs === null ? '—' : formatDuration(p.avgCompletionMs)}</td>
              <td>{p.runningCompletedCount}</td>
              <td>{formatCents(p.runningVolumeCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function TimeSeriesChart({ series }: { series: TimeSeries }) {
  const latest = series.points.at(-1);
  return (
    <figure
      className={styles.chart}
      data-testid="time-series-chart"
      data-granularity={series.granularity}
      data-latest-period={latest?.periodStart ?? ''}
      data-latest-count={latest ? String(latest.completedCount) : ''}
      data-latest-volume={latest ? String(latest.volumeCents) : ''}
    >
      <figcaption>
        Completed transfers per {PERIOD[series.granularity]} and running volume, {series.from} to {series.to}
      </figcaption>
      <div style={{ width: '100%', height: 260 }} aria-hidden="true">
        <ResponsiveContainer>
          <ComposedChart data={series.points} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="periodStart"
              minTickGap={24}
              label={{ value: 'Period start (UTC)', position: 'insideBottom', offset: -16 }}
            />
            <YAxis
              yAxisId="count"
              allowDecimals={false}
              label={{ value: 'Completed', angle: -90, position: 'insideLeft' }}
            />
            <YAxis
              yAxisId="volume"
              orientation="right"
              width={96}
              tickFormatter={dollars}
              label={{ value: 'Running volume', angle: 90, position: 'insideRight' }}
            />
            <Tooltip
              formatter={(value, name) =>
                name === 'Running volume' ? [formatCents(Number(value)), name] : [String(value), name]
              }
            />
            <Bar yAxisId="count" dataKey="completedCount" name="Completed" fill="#0969da" isAnimationActive={false} />
            <Line
              yAxisId="volume"
              dataKey="runningVolumeCents"
              name="Running volume"
              stroke="#1a7f37"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <TimeSeriesTable series={series} />
    </figure>
  );
}
