// Bad source data gives a clear etl.failed (retryable: false, the field at fault), a run in
// ERROR and no retries (custodian ids that cannot be document ids included), while other rollovers in flight at the same time are unaffected.
import { EtlFailedData, EtlRunDoc } from '@trustrails/contracts';
import { db, uniqueId } from '../support/firebase';
import { eventsOf, waitForCompletion, waitForRunStatus } from '../support/etl';
import { writeEvents, type EventDoc } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';

/** A valid rollover of an hour, which each case then breaks in one field. */
const valid = (rolloverId: string) => rollover({ rolloverId, amountCents: 250_000, durationMs: 3_600_000 });

function withCompletedData(completed: EventDoc, change: (data: Record<string, unknown>) => void): EventDoc {
  const eventData = { ...(completed.data.eventData as Record<string, unknown>) };
  change(eventData);
  return { id: completed.id, data: { ...completed.data, eventData } };
}

const cases: [string, (rolloverId: string) => EventDoc[], string][] = [
  [
    'missing transferId',
    (id) => {
      const l = valid(id);
      return [...l.before, withCompletedData(l.completed, (d) => delete d.transferId)];
    },
    'rollover.completed.eventData.transferId',
  ],
  [
    'negative amount',
    (id) => {
      const l = valid(id);
      return [...l.before, withCompletedData(l.completed, (d) => (d.amountCents = -100))];
    },
    'rollover.completed.eventData.amountCents',
  ],
  [
    'float amount',
    (id) => {
      const l = valid(id);
      return [...l.before, withCompletedData(l.completed, (d) => (d.amountCents = 10.25))];
    },
    'rollover.completed.eventData.amountCents',
  ],
  [
    'unknown custodian field',
    (id) => {
      const l = valid(id);
      return [...l.before, withCompletedData(l.completed, (d) => (d.custodianRegion = 'eu'))];
    },
    'rollover.completed.eventData',
  ],
  [
    // Custodian ids become document ids (reaggregationProgress/{custodianId}): the rollover id's rule.
    'a custodian id with a slash',
    (id) => {
      const l = valid(id);
      return [...l.before, withCompletedData(l.completed, (d) => (d.sourceCustodianId = 'acme/east'))];
    },
    'rollover.completed.eventData.sourceCustodianId',
  ],
  [
    'a reserved custodian id',
    (id) => {
      const l = valid(id);
      const [initiated, ...rest] = l.before;
      const eventData = { ...(initiated!.data.eventData as Record<string, unknown>), destinationCustodianId: '__x__' };
      return [{ id: initiated!.id, data: { ...initiated!.data, eventData } }, ...rest, l.completed];
    },
    'rollover.initiated.eventData.destinationCustodianId',
  ],
  [
    'no initiated event',
    (id) => {
      const l = valid(id);
      return [...l.before.slice(1), l.completed];
    },
    'rollover.initiated',
  ],
];

test.each(cases)('%s → etl.failed naming the field, run ERROR, not retried', async (_name, build, field) => {
  const rolloverId = uniqueId('bad');
  const healthy = uniqueId('ok');
  const good = valid(healthy);
  await writeLifecycle(good, 'before-completion');
  await writeEvents(db(), build(rolloverId));
  await writeLifecycle(good, 'completion-only');

  const run = await waitForRunStatus(rolloverId, 'ERROR');
  expect(EtlRunDoc.safeParse(run).error).toBeUndefined();
  expect(run.lastError).toMatchObject({ retryable: false, missing: [field] });
  expect(run.attempt).toBe(1);
  const failed = await eventsOf(rolloverId, 'etl.failed');
  expect(failed).toHaveLength(1);
  const data = EtlFailedData.parse(failed[0]!.eventData);
  expect(data).toMatchObject({ retryable: false, missing: [field], attempt: 1 });
  expect(data.reason).toContain(field);
  expect(await eventsOf(rolloverId, 'etl.completed')).toHaveLength(0);

  await waitForCompletion(healthy);
});
