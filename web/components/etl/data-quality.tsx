'use client';
// Data quality on /etl: per month of the last year, the share of completed transfers that have
// each optional field the ETL keeps as NULL when the events leave it out, and the etl.failed
// events of the same range by reason (the admin API's GET /data-quality, docs/contracts/api.md).
import type { DataQualityField, DataQualityReport } from '@trustrails/contracts';
import useSWR from 'swr';
import { fetchJson } from '@/lib/http/fetch-json';

const LABELS: Record<DataQualityField, string> = {
  participantName: 'Participant name',
  sourceAccountLast4: 'Source last four',
  destinationAccountLast4: 'Destination last four',
  financialBreakdown: 'Financial breakdown',
  employerMatch: 'Employer match',
  fundsMethod: 'Funds method',
  chainRows: 'Chain rows',
};
const cell = { padding: '4px 8px', borderBottom: '1px solid #eaeef2', textAlign: 'right' as const, fontSize: 13 };

function lastYear(now = new Date()): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return { from: from.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

const share = (present: number, total: number): string =>
  total === 0 ? '—' : `${((present / total) * 100).toFixed(present === total ? 0 : 1)}%`;

export function DataQuality() {
  const { from, to } = lastYear();
  const { data, error } = useSWR<DataQualityReport>(
    `/api/admin/etl/data-quality?granularity=monthly&from=${from}&to=${to}`,
    fetchJson,
    { revalidateOnFocus: false },
  );
  if (error) return <p role="alert">Could not load data quality: {String(error.message ?? error)}</p>;
  if (!data) return <p>Loading data quality…</p>;
  const periods = [...data.periods].reverse();
  return (
    <section aria-label="Data quality" data-testid="data-quality">
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <caption style={{ textAlign: 'left', color: '#57606a', fontSize: 13 }}>
            Share of completed transfers with each optional field, by month ({from} to {to})
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ ...cell, textAlign: 'left' }}>
                Month
              </th>
              <th scope="col" style={cell}>
                Transfers
              </th>
              {data.fields.map((field) => (
                <th key={field} scope="col" style={cell}>
                  {LABELS[field]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.periodStart} data-period={p.periodStart} data-transfers={p.transfers}>
                <th scope="row" style={{ ...cell, textAlign: 'left' }}>
                  {p.periodStart.slice(0, 7)}
                </th>
                <td style={cell}>{p.transfers}</td>
                {data.fields.map((field) => (
                  <td key={field} style={cell} data-field={field} data-present={p.present[field]}>
                    {share(p.present[field], p.transfers)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>ETL failures by reason</h3>
      {data.failures.total === 0 ? (
        <p style={{ color: '#57606a' }}>No etl.failed in this range.</p>
      ) : (
        <ul data-testid="failures-by-reason">
          {data.failures.byReason.map(({ reason, count }) => (
            <li key={reason}>
              <strong>{count}</strong> {reason}
            </li>
          ))}
          {data.failures.truncated ? <li>… more than the report reads</li> : null}
        </ul>
      )}
    </section>
  );
}
