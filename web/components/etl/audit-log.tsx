'use client';
// /etl's audit log (the admin API's GET /audit): every admin action, newest first, a page at a time.
// Folded until opened, and read only then: the monitor already makes a burst of admin API calls
// when it loads, and the trail is what an operator looks up, not what they watch.
import { useState } from 'react';
import useSWR from 'swr';
import type { AdminAuditPage } from '@trustrails/contracts';
import { adminPath } from '@trustrails/contracts/admin-routes';
import { fetchJson } from '@/lib/http/fetch-json';
import { AuditTable } from './audit-table';
import styles from './etl.module.css';

const PAGE_SIZE = 20;
export const AUDIT_KEY = `/api/admin/etl${adminPath('audit')}`;

export function AuditLog() {
  const [open, setOpen] = useState(false);
  return (
    <details data-testid="audit-log" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Admin actions, newest first</summary>
      {open ? <AuditPages /> : null}
    </details>
  );
}

function AuditPages() {
  // The cursor of each page shown so far: the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const token = cursors.at(-1);
  const key = `${AUDIT_KEY}?pageSize=${PAGE_SIZE}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
  const { data, error } = useSWR<AdminAuditPage>(key, fetchJson, { revalidateOnFocus: false });

  if (error) return <p role="alert">Could not load the audit trail: {String(error.message ?? error)}</p>;
  const entries = data?.entries ?? [];
  return (
    <section aria-label="Audit trail">
      {entries.length === 0 ? (
        <p className={styles.muted}>{data ? 'No admin action recorded.' : 'Loading…'}</p>
      ) : (
        <AuditTable entries={entries} testId="audit-log-table" />
      )}
      <div className={styles.buttons}>
        <button
          type="button"
          data-testid="audit-newer"
          disabled={cursors.length === 0}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          data-testid="audit-older"
          disabled={!data?.nextPageToken}
          onClick={() => setCursors((c) => [...c, data!.nextPageToken!])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
