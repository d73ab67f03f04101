'use client';
// The dead letters on /etl (the admin API's GET /dead-letters): open or resolved, newest first, a
// page at a time, each with its reason and payload; an open letter's run can be redriven here.
// A letter resolves by itself when its run finishes (the sweeper, a retry, a redrive, a new completion).
import { useState } from 'react';
import useSWR from 'swr';
import type { AdminDeadLetter, AdminDeadLettersPage } from '@trustrails/contracts';
import { adminAction } from '@/lib/etl-admin/admin-action';
import { fetchJson } from '@/lib/http/fetch-json';
import styles from './etl.module.css';

const PAGE_SIZE = 20;
export const DEAD_LETTERS_KEY = '/api/admin/etl/dead-letters';

const cell = { padding: '4px 8px', borderBottom: '1px solid #eaeef2', textAlign: 'left' as const, fontSize: 13 };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** How the letter stands: open, or how and by what it was resolved. */
function standing(letter: AdminDeadLetter): string {
  if (letter.status !== 'RESOLVED') return letter.status === 'REDRIVEN' ? `redriven by ${letter.redrivenBy}` : 'open';
  return `${letter.resolution ?? 'resolved'}${letter.resolvedBy ? ` (${letter.resolvedBy})` : ''}, ${when(letter.resolvedAt)}`;
}

function LetterRow({ letter, onRedrive }: { letter: AdminDeadLetter; onRedrive: (rolloverId: string) => void }) {
  return (
    <tr data-message-id={letter.messageId} data-status={letter.status}>
      <td style={cell}>{when(letter.recordedAt)}</td>
      <td style={cell}>
        {letter.rolloverId ? (
          <a href={`/etl/runs/${encodeURIComponent(letter.rolloverId)}`}>{letter.rolloverId}</a>
        ) : (
          '—'
        )}
      </td>
      <td style={cell}>{letter.reason ?? letter.problem ?? '—'}</td>
      <td style={cell}>
        <details>
          <summary>{letter.messageId}</summary>
          <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{letter.payload}</pre>
        </details>
      </td>
      <td style={cell}>{standing(letter)}</td>
      <td style={cell}>
        {letter.status === 'DEAD' && letter.rolloverId ? (
          <button
            type="button"
            data-testid={`redrive-${letter.messageId}`}
            onClick={() => onRedrive(letter.rolloverId!)}
          >
            Redrive
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function DeadLetters({ onChange }: { onChange: () => void }) {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  // The cursor of each page shown so far: the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const [result, setResult] = useState<string | null>(null);
  const token = cursors.at(-1);
  const key = `${DEAD_LETTERS_KEY}?status=${status}&pageSize=${PAGE_SIZE}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
  const { data, error, mutate } = useSWR<AdminDeadLettersPage>(key, fetchJson, { revalidateOnFocus: false });

  async function redrive(rolloverId: string) {
    try {
      const summary = await adminAction('redrive', { rolloverId });
      setResult(`Redrive ${rolloverId}: ${summary || 'done'}`);
    } catch (e) {
      setResult(`Redrive ${rolloverId} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    void mutate();
    onChange();
  }

  if (error) return <p role="alert">Could not load the dead letters: {String(error.message ?? error)}</p>;
  const letters = data?.letters ?? [];
  return (
    <section aria-label="Dead letters" data-testid="dead-letters" data-status={status}>
      <div className={styles.buttons}>
        {(['open', 'resolved'] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={status === s}
            onClick={() => {
              setStatus(s);
              setCursors([]);
            }}
          >
            {s === 'open' ? 'Open' : 'Resolved'}
          </button>
        ))}
      </div>
      {letters.length === 0 ? (
        <p className={styles.muted}>{data ? `No ${status} dead letter.` : 'Loading…'}</p>
      ) : (
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead>
            <tr>
              {['Recorded', 'Run', 'Reason', 'Message and payload', 'State', ''].map((h) => (
                <th key={h} scope="col" style={cell}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {letters.map((letter) => (
              <LetterRow key={letter.messageId} letter={letter} onRedrive={(id) => void redrive(id)} />
            ))}
          </tbody>
        </table>
      )}
      <div className={styles.buttons}>
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          disabled={!data?.nextPageToken}
          onClick={() => setCursors((c) => [...c, data!.nextPageToken!])}
        >
          Next page
        </button>
      </div>
      {result ? <p role="status">{result}</p> : null}
    </section>
  );
}
