'use client';
// A re-aggregation on demand from /etl's scheduled jobs: a custodian, a granularity and a date
// range, or `force` to rebuild all history; the admin API's answer shows under the form.
import { useState, type FormEvent } from 'react';
import { GRANULARITIES } from '@trustrails/contracts/granularities';
import { adminAction } from '@/lib/etl-admin/admin-action';

/** The request body from the form: only the fields filled in, so the API applies its defaults. */
function reaggregateBody(form: FormData) {
  const field = (name: string) => String(form.get(name) ?? '').trim();
  return {
    ...(field('custodianId') ? { custodianId: field('custodianId') } : {}),
    ...(field('from') ? { from: field('from'), to: field('to') } : {}),
    ...(field('granularity') ? { granularity: field('granularity') } : {}),
    ...(form.get('force') ? { force: true } : {}),
  };
}

export function ReaggregateForm({ onDone }: { onDone: () => void }) {
  const [result, setResult] = useState<string | null>(null);

  async function reaggregate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = reaggregateBody(new FormData(event.currentTarget));
    try {
      setResult(`Re-aggregate: ${(await adminAction('reaggregate', body)) || 'done'}`);
    } catch (e) {
      setResult(`Re-aggregate failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    onDone();
  }

  return (
    <>
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
    </>
  );
}
