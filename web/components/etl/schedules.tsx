'use client';
// The scheduled jobs on /etl: each one's last run, last success, last error, duration, rows
// changed and windows covered, listed (the admin API's GET /schedules), and a re-aggregation with
// parameters (reaggregate-form.tsx).
import useSWR from 'swr';
import type { AdminScheduleStatus, CoveredWindows } from '@trustrails/contracts';
import { formatMs, formatTime } from '@/lib/format/format';
import { fetchJson } from '@/lib/http/fetch-json';
import { ReaggregateForm } from './reaggregate-form';

export const SCHEDULES_KEY = '/api/admin/etl/schedules';

const when = (iso: string | null) => formatTime(iso, 'never');
const cell = { padding: '4px 8px', borderBottom: '1px solid #eaeef2', textAlign: 'left' as const, fontSize: 13 };

/** The windows a job's last run rebuilt: the count, and the listed ones under it. */
function CoveredList({ count, covered }: { count: number | null; covered: CoveredWindows | null }) {
  if (!covered || covered.windows.length === 0) return <>{count ?? '—'}</>;
  return (
    <details>
      <summary>{count ?? covered.windows.length}</summary>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {covered.windows.map((w) => {
          const label = `${w.custodianId ?? 'all custodians'} ${w.granularity} ${w.periodStart}`;
          return (
            <li key={label} data-window={label}>
              {label}
            </li>
          );
        })}
        {covered.more > 0 ? <li>and {covered.more} more</li> : null}
      </ul>
    </details>
  );
}

/** One row per scheduled job: when it last ran and succeeded, and what its last run did. */
function ScheduleTable({ data }: { data: AdminScheduleStatus | undefined }) {
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%' }}>
      <caption style={{ textAlign: 'left', color: '#57606a', fontSize: 13 }}>
        Scheduled {data?.schedule ?? '…'} (UTC)
      </caption>
      <thead>
        <tr>
          {['Job', 'Last run', 'Last success', 'Duration', 'Rows changed', 'Windows', 'Last error'].map((h) => (
            <th key={h} scope="col" style={cell}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {(data?.jobs ?? []).map((job) => (
          <tr key={job.job} data-job={job.job} data-ok={job.lastError ? 'false' : 'true'}>
            <th scope="row" style={cell}>
              {job.job}
            </th>
            <td style={cell}>
              {when(job.lastRunAt)}
              {job.lastTrigger ? ` (${job.lastTrigger})` : ''}
            </td>
            <td style={cell}>{when(job.lastSuccessAt)}</td>
            <td style={cell}>{formatMs(job.lastDurationMs)}</td>
            <td style={cell}>{job.lastRowsChanged ?? '—'}</td>
            <td style={cell} data-testid="schedule-windows">
              <CoveredList count={job.lastWindows} covered={job.lastCoveredWindows} />
            </td>
            <td style={cell}>{job.lastError ? job.lastError.message : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Schedules() {
  const { data, error, mutate } = useSWR<AdminScheduleStatus>(SCHEDULES_KEY, fetchJson, {
    revalidateOnFocus: false,
  });
  if (error) return <p role="alert">Could not load the schedules: {String(error.message ?? error)}</p>;
  return (
    <section aria-label="Scheduled jobs" data-testid="schedules">
      <ScheduleTable data={data} />
      <ReaggregateForm onDone={() => void mutate()} />
    </section>
  );
}
