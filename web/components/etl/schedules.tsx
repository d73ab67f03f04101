'use client';
// The scheduled jobs on /etl: each one's last run, last success, last error, duration, rows
// changed and windows covered, listed (the admin API's GET /schedules), and a re-aggregation with
// parameters: a custodian, a granularity and a date range, or `force` to rebuild all history.
import { useState, type FormEvent } from 'react';
import useSWR from 'swr';
import type { AdminScheduleStatus, CoveredWindows } from '@trustrails/contracts';
import { GRANULARITIES } from '@trustrails/contracts/granularities';
import { adminAction } from '../../lib/etl-admin/admin-action';
import { formatMs } from '../../lib/format/format';
import { fetchJson } from '../../lib/http/fetch-json';

export const SCHEDULES_KEY = '/api/admin/etl/schedules';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');
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

export function Schedules() {
  const { data, error, mutate } = useSWR<AdminScheduleStatus>(SCHEDULES_KEY, fetchJson, {
    revalidateOnFocus: false,
  });
  const [result, setResult] = useState<string | null>(null);

  async function reaggregate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const body = {
      ...(field('custodianId') ? { custodianId: field('custodianId') } : {}),
      ...(field('from') ? { from: field('from'), to: field('to') } : {}),
      ...(field('granularity') ? { granularity: field('granularity') } : {}),
      ...(form.get('force') ? { force: true } : {}),
    };
    try {
      setResult(`Re-aggregate: ${(await adminAction('reaggregate', body)) || 'done'}`);
    } catch (e) {
      setResult(`Re-aggregate failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    void mutate();
  }

  if (error) return <p role="alert">Could not load the schedules: {String(error.message ?? error)}</p>;
  return (
    <section aria-label="Scheduled jobs" data-testid="schedules">
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
      <form
        onSubmit={(event) => void reaggregate(event)}
        style={{ display: 'flex', gap: 8, marginTop: 8, alignItems: 'center', flexWrap: 'wrap' }}
        data-testid="reaggregate-form"
      >
        <strong>Re-aggregate</strong>
        <label>
          Custodian <input name="custodianId" placeholder="all" />
        </label>
        <label>
          Granularity{' '}
          <select name="granularity" defaultValue="">
            <option value="">all</option>
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input name="from" type="date" />
        </label>
        <label>
          To <input name="to" type="date" />
        </label>
        <label>
          <input name="force" type="checkbox" /> force (all history)
        </label>
        <button type="submit">Re-aggregate</button>
      </form>
      {result ? <p role="status">{result}</p> : null}
    </section>
  );
}
