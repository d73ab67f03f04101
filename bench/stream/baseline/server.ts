// The seed-baseline web server for `npm run bench:stream`, run by the bench as a child process so
// its RSS is its own: the seed's per-client stream, the seed's dashboard, its two card sources, and
// its own listener counts and memory. Test code under bench/: it never ships.
// Prints `{"port":N}` on stdout once listening.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Filter, Timestamp, getFirestore } from 'firebase-admin/firestore';
import { createWarehouse } from '@trustrails/warehouse';
import { adminApp } from '../../../tests/support/firebase';
import { dashboardPage } from './dashboard-page';
import { callerOf, counters, streamPerClient, type Caller } from './stream-route';
import { baselineWarehouseConfig } from '../../settings';
import { COLLECTIONS } from '@trustrails/contracts';

const warehouse = createWarehouse(baselineWarehouseConfig());

const json = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
};

/** The custodian asked for, if the caller may see it (an admin any; a custodian user only its own). */
function custodianOf(url: URL, caller: Caller): string | null {
  const asked = url.searchParams.get('custodianId') ?? caller.custodianId;
  if (!asked || (!caller.admin && asked !== caller.custodianId)) return null;
  return asked;
}

const currentMonth = (): { month: string; start: Date } => {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { month: start.toISOString().slice(0, 7), start };
};

/** Source one: volume and average time, from the warehouse. */
async function summary(custodianId: string): Promise<object> {
  const s = await warehouse.getMonthlySummary(custodianId, currentMonth().month);
  return { volumeCents: s.volumeCents, avgCompletionMs: s.avgCompletionMs };
}

/** Source two: the count, from Firestore, as this month's `etl.completed` events for the custodian. */
async function count(custodianId: string): Promise<object> {
  const snapshot = await getFirestore(adminApp())
    .collection(COLLECTIONS.events)
    .where('eventType', '==', 'etl.completed')
    .where(
      Filter.or(
        Filter.where('eventData.sourceCustodianId', '==', custodianId),
        Filter.where('eventData.destinationCustodianId', '==', custodianId),
      ),
    )
    .where('timestamp', '>=', Timestamp.fromDate(currentMonth().start))
    .count()
    .get();
  return { completedCount: snapshot.data().count };
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://baseline');
  if (url.pathname === '/health') return json(response, 200, { ok: true });
  if (url.pathname === '/stats') {
    const memory = process.memoryUsage();
    return json(response, 200, { ...counters, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed });
  }
  if (url.pathname === '/dashboard') {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return void response.end(dashboardPage(url.searchParams.get('custodianId') ?? ''));
  }
  const caller = await callerOf(request);
  if (!caller) return json(response, 401, { error: 'sign in' });
  if (url.pathname === '/stream') return streamPerClient(request, response, caller);
  const custodianId = custodianOf(url, caller);
  if (!custodianId) return json(response, 403, { error: 'custodianId: not yours' });
  if (url.pathname === '/summary') return json(response, 200, await summary(custodianId));
  if (url.pathname === '/count') return json(response, 200, await count(custodianId));
  json(response, 404, { error: 'not found' });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => json(response, 500, { error: String(error) }));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void warehouse.close().finally(() => process.exit(0)));
});
