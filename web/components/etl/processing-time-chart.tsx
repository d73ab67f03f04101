'use client';
// Processing time of recent finished runs, oldest to newest.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EtlRunView } from '@/lib/etl/run-view';

export function ProcessingTimeChart({ runs }: { runs: EtlRunView[] }) {
  const points = runs
    .filter((run) => run.processingTimeMs !== null && run.finishedAt)
    .map((run) => ({ at: run.finishedAt!, ms: run.processingTimeMs!, rolloverId: run.rolloverId }))
    .sort((a, b) => a.at.localeCompare(b.at));
  if (points.length === 0) return <p style={{ color: '#57606a' }}>No finished runs yet.</p>;
  return (
    <div style={{ width: '100%', height: 240 }} data-testid="processing-time-chart">
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={(v: string) => new Date(v).toLocaleTimeString()} minTickGap={40} />
          <YAxis unit=" ms" width={80} />
          <Tooltip
            labelFormatter={(v) => new Date(String(v)).toLocaleString()}
            formatter={(v) => [`${v} ms`, 'processing time']}
          />
          <Line type="monotone" dataKey="ms" stroke="#0969da" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
