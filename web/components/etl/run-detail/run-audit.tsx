'use client';
// A run's audit trail on its page (the admin API's GET /runs/:id/audit): the admin actions that
// named this run, newest first. The run page re-reads it after each action it takes.
import useSWR from 'swr';
import type { AdminAuditPage } from '@trustrails/contracts';
import { adminPath } from '@trustrails/contracts/admin-routes';
import { fetchJson } from '@/lib/http/fetch-json';
import { AuditTable } from '@/components/etl/audit-table';

export const runAuditKey = (rolloverId: string) => `/api/admin/etl${adminPath('runAudit', { rolloverId })}?pageSize=50`;

export function RunAudit({ rolloverId }: { rolloverId: string }) {
  const { data, error } = useSWR<AdminAuditPage>(runAuditKey(rolloverId), fetchJson, { revalidateOnFocus: false });
  if (error) return <p role="alert">Could not load the run&apos;s audit trail: {String(error.message ?? error)}</p>;
  if (!data) return <p>Loading…</p>;
  if (data.entries.length === 0) return <p data-testid="run-audit-empty">No admin action on this run.</p>;
  return <AuditTable entries={data.entries} testId="run-audit" />;
}
