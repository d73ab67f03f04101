// A revision signal (an admin's reprocess of a corrected rollover) on the global stream: the first
// signal's message stays as it was, a revision carries its number and every custodian whose cards
// it changed, and a custodian the correction took the transfer from still receives it, so its
// dashboard refreshes through the same path as for a first signal. Other custodians do not.
jest.mock('server-only', () => ({}));

import type { Identity } from '@/lib/auth/identity';
import { isVisible, toStreamEvent } from '@/lib/stream/stream-event';

const timestamp = { toDate: () => new Date('2026-04-02T10:00:00Z') };
const signal = (eventData: Record<string, unknown>) => ({
  eventType: 'etl.completed',
  rolloverId: 'r1',
  userId: 'system-etl',
  timestamp,
  source: 'master-etl-orchestrator',
  eventData: {
    transferId: 't1',
    sourceCustodianId: 'c-src',
    destinationCustodianId: 'c-new',
    tablesPopulated: ['transfers'],
    processingTimeMs: 12,
    ...eventData,
  },
});
const custodian = (custodianId: string): Identity => ({ uid: `u-${custodianId}`, admin: false, custodianId });

test("the first signal's message has no revision fields", () => {
  const event = toStreamEvent('etl-completed-r1', signal({ custodianIds: ['c-src', 'c-new'] }))!;
  expect(event.message).not.toHaveProperty('revision');
  expect(event.message).not.toHaveProperty('custodianIds');
  expect(isVisible(event, custodian('c-old'))).toBe(false);
});

test('a revision reaches the custodian it took the transfer from, and no one else', () => {
  const event = toStreamEvent('etl-revision-2-r1', signal({ revision: 2, custodianIds: ['c-src', 'c-new', 'c-old'] }))!;
  expect(event.message).toMatchObject({
    type: 'etl_completed',
    revision: 2,
    custodianIds: ['c-src', 'c-new', 'c-old'],
  });
  expect(isVisible(event, custodian('c-old'))).toBe(true);
  expect(isVisible(event, custodian('c-new'))).toBe(true);
  expect(isVisible(event, custodian('c-else'))).toBe(false);
});
