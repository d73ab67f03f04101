// A revision's etl.completed (an admin reprocessed a corrected rollover) on the real global stream:
// it reaches the custodian the correction took the transfer from as well as the new parties, as
// an etl_completed message with its revision and custodianIds (the dashboard refreshes on it, once
// per revision: web/test/use-analytics-refresh.signal-and-fallback.test.ts); an outsider gets nothing.
jest.mock('server-only', () => ({}));

import { FieldValue } from 'firebase-admin/firestore';
import { etlCompletedEventId, StreamMessage } from '@trustrails/contracts';
import { GET as globalStream } from '../../web/app/api/events/global-stream/route';
import { connectSse, frameIds as ids, openReaders } from '../../web/test/support/sse-client';
import { writeCompleted } from '../../web/test/support/stream-events';
import { db, uniqueId } from '../support/firebase';
import { idTokenFor } from '../support/identity';

afterEach(async () => {
  await Promise.all(openReaders.splice(0).map((r) => r.close()));
});

test('a revision signal reaches the old destination and the new parties, and no one else', async () => {
  const [source, oldDestination, newDestination, outsider] = [
    uniqueId('rev-src'),
    uniqueId('rev-old'),
    uniqueId('rev-new'),
    uniqueId('rev-out'),
  ];
  const readers = await Promise.all(
    [oldDestination, newDestination, outsider].map(async (custodianId) =>
      connectSse(
        globalStream,
        'http://localhost/api/events/global-stream',
        await idTokenFor({ custodianId }, 'rev-user'),
      ),
    ),
  );
  const [oldReader, newReader, outsiderReader] = readers as [
    (typeof readers)[0],
    (typeof readers)[0],
    (typeof readers)[0],
  ];
  const rolloverId = uniqueId('rev');
  const id = etlCompletedEventId(rolloverId, 2);
  await db()
    .collection('events')
    .doc(id)
    .create({
      eventType: 'etl.completed',
      rolloverId,
      userId: 'system-etl',
      timestamp: FieldValue.serverTimestamp(),
      eventData: {
        transferId: `tr-${rolloverId}`,
        sourceCustodianId: source,
        destinationCustodianId: newDestination,
        custodianIds: [source, newDestination, oldDestination],
        tablesPopulated: ['transfers'],
        processingTimeMs: 40,
        phaseTimingsMs: { extract: 10 },
        etlVersion: 'test',
        revision: 2,
      },
      source: 'master-etl-orchestrator',
    });

  await oldReader.waitFor('the revision at the old destination', (r) => ids(r).includes(id));
  await newReader.waitFor('the revision at the new destination', (r) => ids(r).includes(id));
  const [message] = oldReader.messages().filter((m) => m.id === id);
  const { id: _frameId, ...body } = message!;
  expect(StreamMessage.parse(body)).toMatchObject({
    type: 'etl_completed',
    rolloverId,
    destinationCustodianId: newDestination,
    revision: 2,
    custodianIds: [source, newDestination, oldDestination],
  });
  // The outsider's stream is live (its own completion, written after, arrives) and never carried it.
  const own = await writeCompleted(db(), { rolloverId: uniqueId('rev-own'), source: outsider, destination: source });
  await outsiderReader.waitFor("the outsider's own event", (r) => ids(r).includes(own));
  expect(ids(outsiderReader)).not.toContain(id);
});
