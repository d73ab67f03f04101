// The rollover stream carries the rollover's financial and chain events as well as its
// completion and ETL signals, with their figures but no personal data; the global stream stays
// completions and signals only.
jest.mock('server-only', () => ({}));

import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { GET as rolloverStream } from '../../web/app/api/events/rollover-stream/route';
import { connectSse, frameIds as ids, openReaders } from '../../web/test/support/sse-client';
import { waitForCompletion } from '../support/etl';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';
import { writeEvents } from '../support/lifecycle';
import { rollover, writeLifecycle } from '../support/rollover';

const BASE = 'http://localhost/api/events';

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

test("a party's rollover stream shows every financial and chain event; the global stream does not", async () => {
  const custodian = uniqueId('cust-detail');
  const token = await idTokenFor({ custodianId: custodian }, 'detail-party');
  const rolloverId = uniqueId('detail');
  // The shared listener follows events by their time from when it opened, as the platform writes
  // them (each when it happens): open it first, then time the lifecycle from now.
  const global = await connectSse(globalStream, `${BASE}/global-stream`, token);
  const initiatedAt = new Date();
  const completedAt = new Date(initiatedAt.getTime() + 1_000);
  const timing = { initiatedAt, completedAt };
  // Every kind of event the stream details: chain events and a burn included.
  const l = rollover({
    rolloverId,
    prefix: 'detail',
    sourceCustodianId: custodian,
    ...timing,
    amountCents: 31_415,
    chain: true,
    burn: true,
  });
  // The route admits parties only, so the initiation (which names them) comes first.
  await writeEvents(db(), l.before.slice(0, 1));
  // An id it cannot resume from replays the window, so the initiation written before is included.
  const detail = await connectSse(rolloverStream, `${BASE}/rollover-stream?rolloverId=${rolloverId}`, token, {
    'Last-Event-ID': uniqueId('none'),
  });
  await writeLifecycle(l, 'without-initiated');
  await waitForCompletion(rolloverId);
  const etlCompleted = `etl-completed-${rolloverId}`;
  await detail.waitFor('the ETL signal', (x) => ids(x).includes(etlCompleted));
  await global.waitFor('the ETL signal', (x) => ids(x).includes(etlCompleted));

  // A replay from Firestore can return events the shared listener delivers again afterwards: the
  // stream is at-least-once and clients dedupe by id (web/lib/stream/replay.ts), so this does too.
  const byId = new Map(detail.messages<{ type: string; detail?: Record<string, unknown> }>().map((m) => [m.id, m]));
  const types = [...byId.values()];
  expect(types.map((m) => m.type)).toEqual([
    'transfer_initiated',
    'funds_sent',
    'funds_received',
    'blockchain_transaction',
    'token_minted',
    'token_burned',
    'transfer_completed',
    'etl_completed',
  ]);
  const byType = Object.fromEntries(types.map((m) => [m.type, m.detail]));
  expect(byType.funds_sent).toEqual({ amountCents: 31_415, method: 'ach' });
  expect(byType.blockchain_transaction).toEqual({ network: 'polygon', txHash: `0x${rolloverId}`, blockNumber: 42 });
  expect(byType.token_minted).toEqual({ amountCents: 31_415, tokenId: `tok-${rolloverId}` });
  expect(byType.token_burned).toEqual({ amountCents: 31_415, tokenId: `tok-${rolloverId}` });
  expect(byType.transfer_initiated).toEqual({ requestedAmountCents: 31_415 });
  expect(JSON.stringify(types)).not.toContain('Pat Example');

  const globalTypes = global
    .messages<{ type: string; rolloverId: string }>()
    .filter((m) => m.rolloverId === rolloverId);
  expect(globalTypes.map((m) => m.type)).toEqual(['transfer_completed', 'etl_completed']);
});
