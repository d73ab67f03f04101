// The dataconnect adapter sends the connector's named operations with the right endpoint, auth and
// variables. The real Data Connect emulator cannot be downloaded on our machines (see
// docs/local-stack.md "Running offline"), so a local node:http server stands in for it as a test double;
// the Admin SDK talks to it through DATA_CONNECT_EMULATOR_HOST exactly as it would to the emulator.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { DataConnectWarehouse } from '../src/dataconnect/adapter';
import { OwnershipConflictError } from '../src/errors';
import { OPERATIONS, type OperationName } from '../src/dataconnect/operations';
import { rollover } from './support/rollover-fixture';

interface Recorded {
  path: string;
  headers: IncomingHttpHeaders;
  body: { operationName: OperationName; variables?: Record<string, unknown>; extensions?: unknown };
}

const PROJECT = 'demo-warehouse-double';
const BASE = `/v1/projects/${PROJECT}/locations/us-central1/services/trustrails/connectors/etl`;

let server: Server;
let app: App;
let requests: Recorded[] = [];
let replies: Partial<Record<OperationName, unknown>> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Recorded['body'];
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      const reply = replies[body.operationName];
      res.end(JSON.stringify({ data: (typeof reply === 'function' ? reply() : reply) ?? {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.DATA_CONNECT_EMULATOR_HOST = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = initializeApp({ projectId: PROJECT });
});

afterAll(async () => {
  delete process.env.DATA_CONNECT_EMULATOR_HOST;
  await deleteApp(app);
  await new Promise((resolve) => server.close(resolve));
});

// What an empty database answers; tests override single operations.
const EMPTY: Partial<Record<OperationName, unknown>> = {
  GetCoreOwners: { transfer: null, sourceAccount: null, destinationAccount: null },
  // No transfers; the row exists once the adapter has upserted it (its write is read back).
  GetCustodianWindowStats: () => {
    const key = (v: Record<string, unknown>) =>
      `${String(v.custodianId)}/${String(v.granularity)}/${String(v.periodStart)}`;
    const asked = requests.filter((r) => r.body.operationName === 'GetCustodianWindowStats').pop()!.body.variables!;
    const written = sent('UpsertAnalyticsRow').some((v) => key(v) === key(asked));
    return {
      current: written
        ? { completedCount: 0, volumeCents: '0', avgCompletionMs: null, inboundCount: 0, outboundCount: 0 }
        : null,
      all: [{ _count: 0, amountCents_sum: null, durationMs_avg: null }],
      inbound: [{ _count: 0 }],
      outbound: [{ _count: 0 }],
    };
  },
  GetTransferReadBack: { transfer: null },
  GetMonthlySummary: { analyticsRow: null },
  ListAnalyticsRows: { analyticsRows: [] },
  ListCustodianIds: { custodians: [{ id: 'c-a' }] },
  ListTransferCompletionsChangedSince: { transfers: [] },
};

beforeEach(() => {
  requests = [];
  replies = { ...EMPTY };
});

const adapter = () => new DataConnectWarehouse({ serviceId: 'trustrails', location: 'us-central1', connector: 'etl' });
const sent = (name: OperationName) =>
  requests.filter((r) => r.body.operationName === name).map((r) => r.body.variables ?? {});

describe('DataConnectWarehouse over HTTP', () => {
  it('runs named operations on the connector impersonate endpoints as the emulator owner', async () => {
    const r = rollover({
      source: 'c-a',
      destination: 'c-b',
      amountCents: 125_000,
      completedAt: new Date('2031-03-15T10:00:00Z'),
      durationMs: 90_000,
    });
    await adapter().writeCore(r);

    // Nothing is stored yet: both accounts and the transfer are inserted, never upserted.
    expect(requests.map((q) => [q.path, q.body.operationName])).toEqual([
      [`${BASE}:impersonateQuery`, 'GetCoreOwners'],
      [`${BASE}:impersonateMutation`, 'InsertAccount'],
      [`${BASE}:impersonateMutation`, 'InsertAccount'],
      [`${BASE}:impersonateMutation`, 'InsertTransferCore'],
      [`${BASE}:impersonateMutation`, 'UpsertFinancialBreakdown'],
    ]);
    for (const q of requests) {
      expect(q.headers.authorization).toBe('Bearer owner');
      // No impersonation: the Admin SDK bypasses @auth, which is how NO_ACCESS operations run.
      expect(q.body.extensions).toEqual({});
    }
  });

  it('sends Int64 as strings, timestamps as ISO, and leaves unknown optional data out', async () => {
    const r = rollover({
      source: 'c-a',
      destination: 'c-b',
      amountCents: 125_000,
      completedAt: new Date('2031-03-15T10:00:00Z'),
      durationMs: 90_000,
    });
    await adapter().writeCore(r);

    const [core] = sent('InsertTransferCore');
    expect(core).toMatchObject({
      transferId: r.transferId,
      amountCents: '125000',
      requestedAmountCents: '125000',
      durationMs: '90000',
      fundsSentAmountCents: '125000',
      fundsReceivedAmountCents: null,
      completedAt: '2031-03-15T10:00:00.000Z',
      sourceAccountLast4: '1234',
    });
    // Phase 4 owns the status; the column default inserts "processing".
    expect(core).not.toHaveProperty('status');
    // Absent, not null: the upsert keeps a name or last4 already known.
    expect(core).not.toHaveProperty('participantFullName');
    expect(core).not.toHaveProperty('destinationAccountLast4');
    expect(sent('InsertAccount')).toEqual([
      {
        accountId: r.sourceAccount.accountId,
        custodianId: 'c-a',
        participantId: r.participant.participantId,
        accountType: '401k',
        last4: '1234',
      },
      {
        accountId: r.destinationAccount.accountId,
        custodianId: 'c-b',
        participantId: r.participant.participantId,
        accountType: 'ira',
      },
    ]);
    expect(sent('UpsertFinancialBreakdown')).toEqual([
      { transferId: r.transferId, preTaxCents: '125000', rothCents: '0', afterTaxCents: '0', employerMatchCents: null },
    ]);
  });

  it('updates a transfer and accounts that already exist as this rollover’s, inserting nothing', async () => {
    const r = rollover({
      source: 'c-a',
      destination: 'c-b',
      amountCents: 3,
      completedAt: new Date('2031-03-15T10:00:00Z'),
      durationMs: 1,
    });
    replies.GetCoreOwners = {
      transfer: { rolloverId: r.rolloverId },
      sourceAccount: { custodianId: 'c-a' },
      destinationAccount: { custodianId: 'c-b' },
    };
    await adapter().writeCore(r);
    expect(requests.map((q) => q.body.operationName)).toEqual([
      'GetCoreOwners',
      'UpdateTransferCore',
      // Loaded before: rows its events no longer hold go (a reprocess replaces, never adds).
      'DeleteStaleTransferRows',
      'UpsertFinancialBreakdown',
    ]);
    expect(sent('DeleteStaleTransferRows')[0]).toEqual({
      transferId: r.transferId,
      eventIds: r.events.map((e) => e.eventId),
      blockchainTransactionIds: [],
      tokenMovementIds: [],
    });
    expect(sent('UpdateTransferCore')[0]).toMatchObject({
      transferId: r.transferId,
      rolloverId: r.rolloverId,
      amountCents: '3',
    });
  });

  it('refuses a transfer that belongs to another rollover, before writing anything', async () => {
    replies.GetCoreOwners = { transfer: { rolloverId: 'ro-first' }, sourceAccount: null, destinationAccount: null };
    const r = rollover({
      source: 'c-a',
      destination: 'c-b',
      amountCents: 1,
      completedAt: new Date('2031-03-15T10:00:00Z'),
      durationMs: 1,
    });
    await expect(adapter().writeCore(r)).rejects.toThrow(OwnershipConflictError);
    await expect(adapter().writeCore(r)).rejects.toThrow(`transfer ${r.transferId} belongs to rollover ro-first`);
    expect(requests.map((q) => q.body.operationName)).toEqual(['GetCoreOwners', 'GetCoreOwners']);
  });

  it('sends every required variable of each operation and nothing undeclared', async () => {
    const r = rollover({
      source: 'c-a',
      destination: 'c-a',
      amountCents: 5,
      completedAt: new Date('2031-03-15T10:00:00Z'),
      durationMs: 7,
      chain: true,
    });
    const dc = adapter();
    await dc.writeCore(r);
    // Its replay, once the rows exist: the update path.
    replies.GetCoreOwners = {
      transfer: { rolloverId: r.rolloverId },
      sourceAccount: { custodianId: 'c-a' },
      destinationAccount: { custodianId: 'c-a' },
    };
    await dc.writeCore(r);
    // A correction that drops the tax breakdown: its row goes.
    await dc.writeCore({ ...r, financialBreakdown: null });
    await dc.writeChain(r);
    await dc.markCompleted(r, { attempt: 2, actor: 'system-etl' });
    await dc.refreshAnalytics([r.sourceCustodianId], r.completedAt);
    await dc.readBack(r);
    await dc.recordEtlRun({
      rolloverId: r.rolloverId,
      attempt: 1,
      status: 'FINISHED',
      phaseTimingsMs: { core: 3 },
      processingTimeMs: 12.4,
      startedAt: r.completedAt,
      finishedAt: r.completedAt,
      error: null,
    });
    await dc.getMonthlySummary(r.sourceCustodianId, '2031-03');
    await dc.getTimeSeries({ custodianId: 'c-a', granularity: 'weekly', from: '2031-03-01', to: '2031-03-31' });
    await dc.reaggregateWindows({ at: r.completedAt, granularities: ['weekly'] });
    await dc.reaggregateCustodian({ custodianId: r.sourceCustodianId, changedSince: null, at: r.completedAt });

    expect(new Set(requests.map((q) => q.body.operationName))).toEqual(new Set(Object.keys(OPERATIONS)));
    for (const q of requests) {
      const declared = OPERATIONS[q.body.operationName].variables as Record<string, string>;
      const names = Object.keys(q.body.variables ?? {});
      for (const name of names) expect(declared).toHaveProperty([name]);
      const required = Object.keys(declared).filter((n) => declared[n]!.endsWith('!'));
      for (const name of required)
        expect({ op: q.body.operationName, name, value: q.body.variables?.[name] ?? null }).not.toMatchObject({
          value: null,
        });
    }
    expect(sent('MarkTransferCompleted')).toEqual([
      {
        transferId: r.transferId,
        historyId: `${r.transferId}:completed`,
        changedAt: '2031-03-15T10:00:00.000Z',
        actor: 'system-etl',
        auditId: `transfer:${r.transferId}:completed`,
        details: { rolloverId: r.rolloverId, attempt: 2 },
      },
    ]);
    expect(sent('UpsertEtlRun')[0]).toMatchObject({ processingTimeMs: '12', phaseTimingsMs: { core: 3 } });
  });

  it('recomputes the window of every granularity from the aggregate query and upserts them', async () => {
    // The double answers like a store: after a write, the read-back finds the written row.
    const fresh = {
      all: [{ _count: 2, amountCents_sum: '300000', durationMs_avg: 1500.5 }],
      inbound: [{ _count: 1 }],
      outbound: [{ _count: 1 }],
    };
    const written = {
      completedCount: 2,
      volumeCents: '300000',
      avgCompletionMs: 1500.5,
      inboundCount: 1,
      outboundCount: 1,
    };
    replies.GetCustodianWindowStats = () => ({
      ...fresh,
      current: sent('GetCustodianWindowStats').length % 2 === 0 ? written : null,
    });
    await adapter().refreshAnalytics(['c-b', 'c-a', 'c-b'], new Date('2031-03-15T23:59:59Z'));

    // Each window: read, write, read back.
    // Every granularity, so the time series is as fresh as the cards (2031-03-15 is a Saturday).
    const windows = [
      ['daily', '2031-03-15', '2031-03-15T00:00:00.000Z', '2031-03-16T00:00:00.000Z'],
      ['weekly', '2031-03-10', '2031-03-10T00:00:00.000Z', '2031-03-17T00:00:00.000Z'],
      ['monthly', '2031-03-01', '2031-03-01T00:00:00.000Z', '2031-04-01T00:00:00.000Z'],
      ['quarterly', '2031-01-01', '2031-01-01T00:00:00.000Z', '2031-04-01T00:00:00.000Z'],
      ['yearly', '2031-01-01', '2031-01-01T00:00:00.000Z', '2032-01-01T00:00:00.000Z'],
    ];
    expect(sent('GetCustodianWindowStats').filter((_, i) => i % 2 === 0)).toEqual(
      ['c-a', 'c-b'].flatMap((custodianId) =>
        windows.map(([granularity, periodStart, from, to]) => ({ custodianId, granularity, periodStart, from, to })),
      ),
    );
    expect(sent('UpsertAnalyticsRow').find((v) => v.granularity === 'monthly')).toEqual({
      custodianId: 'c-a',
      granularity: 'monthly',
      periodStart: '2031-03-01',
      completedCount: 2,
      volumeCents: '300000',
      avgCompletionMs: 1500.5,
      inboundCount: 1,
      outboundCount: 1,
    });
  });

  it('does not rewrite an analytics row whose figures are unchanged', async () => {
    replies.GetCustodianWindowStats = {
      current: { completedCount: 0, volumeCents: '0', avgCompletionMs: null, inboundCount: 0, outboundCount: 0 },
      all: [{ _count: 0, amountCents_sum: null, durationMs_avg: null }],
      inbound: [{ _count: 0 }],
      outbound: [{ _count: 0 }],
    };
    const result = await adapter().reaggregateWindows({
      custodianIds: ['c-a'],
      at: new Date('2031-03-15T00:00:00Z'),
      granularities: ['weekly', 'quarterly'],
    });
    expect(result).toEqual({ custodians: 1, rows: 0 });
    expect(sent('UpsertAnalyticsRow')).toEqual([]);
    // Weeks start on Monday (2031-03-10); quarters on the first month of the quarter.
    expect(sent('GetCustodianWindowStats').map((v) => v.periodStart)).toEqual(['2031-03-10', '2031-01-01']);
  });

  it('reads the monthly summary, converting Int64 strings, and zeros when there is no row', async () => {
    replies.GetMonthlySummary = {
      analyticsRow: {
        completedCount: 3,
        volumeCents: '9007199254740991',
        avgCompletionMs: 42.5,
        updatedAt: '2031-03-15T10:00:01.000Z',
      },
    };
    expect(await adapter().getMonthlySummary('c-a', '2031-03')).toEqual({
      custodianId: 'c-a',
      month: '2031-03',
      completedCount: 3,
      volumeCents: 9007199254740991,
      avgCompletionMs: 42.5,
      asOf: '2031-03-15T10:00:01.000Z',
    });
    expect(sent('GetMonthlySummary')).toEqual([{ custodianId: 'c-a', periodStart: '2031-03-01' }]);

    replies.GetMonthlySummary = { analyticsRow: null };
    expect(await adapter().getMonthlySummary('c-a', '2031-04')).toEqual({
      custodianId: 'c-a',
      month: '2031-04',
      completedCount: 0,
      volumeCents: 0,
      avgCompletionMs: null,
      asOf: null,
    });
  });

  it('reads a time series through ListAnalyticsRows: the period bounds of the range, gaps as zeros, running sums', async () => {
    replies.ListAnalyticsRows = {
      analyticsRows: [
        {
          periodStart: '2031-03-10',
          completedCount: 2,
          volumeCents: '300',
          avgCompletionMs: 10,
          updatedAt: '2031-03-15T10:00:00.000Z',
        },
        {
          periodStart: '2031-03-24',
          completedCount: 1,
          volumeCents: '50',
          avgCompletionMs: 4,
          updatedAt: '2031-03-25T10:00:00.000Z',
        },
      ],
    };
    const series = await adapter().getTimeSeries({
      custodianId: 'c-a',
      granularity: 'weekly',
      from: '2031-03-12',
      to: '2031-03-30',
    });
    expect(sent('ListAnalyticsRows')).toEqual([
      { custodianId: 'c-a', granularity: 'weekly', from: '2031-03-10', to: '2031-03-24' },
    ]);
    expect(series.points).toEqual([
      {
        periodStart: '2031-03-10',
        completedCount: 2,
        volumeCents: 300,
        avgCompletionMs: 10,
        runningCompletedCount: 2,
        runningVolumeCents: 300,
      },
      {
        periodStart: '2031-03-17',
        completedCount: 0,
        volumeCents: 0,
        avgCompletionMs: null,
        runningCompletedCount: 2,
        runningVolumeCents: 300,
      },
      {
        periodStart: '2031-03-24',
        completedCount: 1,
        volumeCents: 50,
        avgCompletionMs: 4,
        runningCompletedCount: 3,
        runningVolumeCents: 350,
      },
    ]);
    expect(series.asOf).toBe('2031-03-25T10:00:00.000Z');
  });

  it('refuses the data-quality report with a clear error: the connector has no query for it', async () => {
    await expect(adapter().dataQuality()).rejects.toThrow(
      'dataQuality is not supported by the dataconnect warehouse adapter; use WAREHOUSE_ADAPTER=postgres',
    );
  });

  it('lists custodian ids through ListCustodianIds, sorted', async () => {
    replies.ListCustodianIds = { custodians: [{ id: 'c-b' }, { id: 'c-a' }] };
    expect(await adapter().listCustodianIds()).toEqual(['c-a', 'c-b']);
    expect(sent('ListCustodianIds')).toEqual([{}]);
  });
});
