// An executing stand-in for the Data Connect service, for tests: a node:http server on the
// Admin SDK's emulator endpoint that runs the `etl` connector's named operations against in-memory
// tables. The real Data Connect emulator cannot be downloaded here (README "Running offline"),
// so each operation's effect is written by hand from its text in dataconnect/etl/*.gql: upserts
// keep stored values for absent variables, @check failures abort the whole @transaction, and a
// request runs atomically (one JS turn), as one SQL transaction would. What it cannot show is the
// real service's isolation level or CEL evaluation; `beforeReply` lets a test interleave requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationName } from '../../src/dataconnect/operations';
import { windowOf, type Granularity } from '../../src/windows';

type Row = Record<string, unknown>;
type Vars = Record<string, unknown>;

export interface DoubleTransfer {
  id: string;
  rolloverId: string;
  sourceCustodianId: string;
  destinationCustodianId: string;
  amountCents: number;
  status: string;
  completedAt: string | null;
  durationMs: number | null;
  [column: string]: unknown;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const i64 = (v: number | null): string | null => (v === null ? null : String(v));
const defined = (data: Vars): Vars => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));

export class DataConnectDouble {
  readonly custodians = new Map<string, Row>();
  readonly participants = new Map<string, Row>();
  readonly accounts = new Map<string, Row>();
  readonly transfers = new Map<string, DoubleTransfer>();
  readonly rows = new Map<string, Row>(); // every other table, keyed `table:id`
  readonly analytics = new Map<string, Row>(); // `custodianId/granularity/periodStart`
  /** Awaited after an operation ran and before its answer is sent: lets a test interleave requests. */
  beforeReply: ((operation: OperationName, variables: Vars) => Promise<void>) | null = null;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as { operationName: OperationName; variables?: Vars };
        const variables = body.variables ?? {};
        let answer: object;
        try {
          answer = { data: this.run(body.operationName, variables) };
        } catch (error) {
          answer = { data: null, errors: [{ message: error instanceof Error ? error.message : String(error) }] };
        }
        void (this.beforeReply?.(body.operationName, variables) ?? Promise.resolve()).then(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer));
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  analyticsRow(custodianId: string, granularity: Granularity, periodStart: string): Row | null {
    return this.analytics.get(`${custodianId}/${granularity}/${periodStart}`) ?? null;
  }

  /** A fresh count of completed transfers in [from, to) for one custodian, in either role. */
  fresh(custodianId: string, from: Date, to: Date) {
    const ts = [...this.transfers.values()].filter(
      (t) =>
        t.status === 'completed' &&
        t.completedAt !== null &&
        Date.parse(t.completedAt) >= from.getTime() &&
        Date.parse(t.completedAt) < to.getTime() &&
        (t.sourceCustodianId === custodianId || t.destinationCustodianId === custodianId),
    );
    const count = ts.length;
    return {
      completedCount: count,
      volumeCents: ts.reduce((sum, t) => sum + t.amountCents, 0),
      avgCompletionMs: count === 0 ? null : ts.reduce((sum, t) => sum + (t.durationMs ?? 0), 0) / count,
      inboundCount: ts.filter((t) => t.destinationCustodianId === custodianId).length,
      outboundCount: ts.filter((t) => t.sourceCustodianId === custodianId).length,
    };
  }

  private upsert(table: Map<string, Row>, key: string, data: Vars, defaults: Row = {}): void {
    table.set(key, { ...defaults, ...(table.get(key) ?? {}), ...defined(data) });
  }

  private run(operation: OperationName, v: Vars): unknown {
    switch (operation) {
      case 'GetCoreOwners': {
        const account = (id: unknown) => {
          const a = this.accounts.get(String(id));
          return a ? { custodianId: a.custodianId } : null;
        };
        const t = this.transfers.get(String(v.transferId));
        return {
          transfer: t ? { rolloverId: t.rolloverId } : null,
          sourceAccount: account(v.sourceAccountId),
          destinationAccount: account(v.destinationAccountId),
        };
      }
      case 'UpsertTransferCore': {
        // The query step's @checks: all before any write, so a failure leaves nothing behind.
        const t = this.transfers.get(String(v.transferId));
        if (t && t.rolloverId !== v.rolloverId) throw new Error('ownership conflict: transfer');
        for (const [id, custodian] of [
          [v.sourceAccountId, v.sourceCustodianId],
          [v.destinationAccountId, v.destinationCustodianId],
        ]) {
          const a = this.accounts.get(String(id));
          if (a && a.custodianId !== custodian) throw new Error('ownership conflict: account');
        }
        for (const id of [v.sourceCustodianId, v.destinationCustodianId])
          this.upsert(this.custodians, String(id), { id });
        this.upsert(this.participants, String(v.participantId), {
          id: v.participantId,
          fullName: v.participantFullName,
        });
        for (const side of ['source', 'destination'] as const) {
          this.upsert(this.accounts, String(v[`${side}AccountId`]), {
            id: v[`${side}AccountId`],
            custodianId: v[`${side}CustodianId`],
            participantId: v.participantId,
            accountType: v[`${side}AccountType`],
            last4: v[`${side}AccountLast4`],
          });
        }
        const { events, participantFullName: _n, ...transfer } = v;
        const data = Object.fromEntries(
          Object.entries(transfer).filter(([k]) => !/^(source|destination)Account(Type|Last4)$/.test(k)),
        );
        const previous = this.transfers.get(String(v.transferId));
        this.transfers.set(String(v.transferId), {
          status: 'processing', // the column default; the operation never sends a status
          ...(previous ?? {}),
          ...defined({
            ...data,
            id: v.transferId,
            amountCents: num(v.amountCents),
            durationMs: num(v.durationMs),
          }),
        } as DoubleTransfer);
        for (const e of events as Row[]) this.upsert(this.rows, `transferEvent:${String(e.eventId)}`, e);
        return { transfer_upsert: { id: v.transferId } };
      }
      case 'UpsertFinancialBreakdown':
        this.upsert(this.rows, `financialBreakdown:${String(v.transferId)}`, v);
        return {};
      case 'UpsertBlockchainTransactions':
        for (const t of v.transactions as Row[]) this.upsert(this.rows, `blockchainTransaction:${String(t.id)}`, t);
        return {};
      case 'UpsertTokenMovements':
        for (const m of v.movements as Row[]) this.upsert(this.rows, `tokenMovement:${String(m.id)}`, m);
        return {};
      case 'MarkTransferCompleted': {
        const t = this.transfers.get(String(v.transferId));
        if (t) t.status = 'completed';
        this.upsert(this.rows, `transferStatusHistory:${String(v.historyId)}`, { transferId: v.transferId });
        this.upsert(this.rows, `auditLog:${String(v.auditId)}`, { entityId: v.transferId, details: v.details });
        return {};
      }
      case 'UpsertAnalyticsRow':
        this.upsert(this.analytics, `${String(v.custodianId)}/${String(v.granularity)}/${String(v.periodStart)}`, {
          ...v,
          volumeCents: num(v.volumeCents),
          updatedAt: new Date().toISOString(),
        });
        return {};
      case 'UpsertEtlRun':
        this.upsert(this.rows, `etlRun:${String(v.rolloverId)}:${String(v.attempt)}`, v);
        return {};
      case 'GetCustodianWindowStats': {
        const f = this.fresh(String(v.custodianId), new Date(String(v.from)), new Date(String(v.to)));
        const current = this.analytics.get(
          `${String(v.custodianId)}/${String(v.granularity)}/${String(v.periodStart)}`,
        );
        return {
          current: current ? { ...current, volumeCents: i64(num(current.volumeCents)) } : null,
          all: [
            {
              _count: f.completedCount,
              amountCents_sum: f.completedCount ? i64(f.volumeCents) : null,
              durationMs_avg: f.avgCompletionMs,
            },
          ],
          inbound: [{ _count: f.inboundCount }],
          outbound: [{ _count: f.outboundCount }],
        };
      }
      case 'GetTransferReadBack': {
        const t = this.transfers.get(String(v.transferId));
        const n = (pred: (key: string, row: Row) => boolean) => [
          { _count: [...this.rows].filter(([key, row]) => pred(key, row)).length },
        ];
        const of = (table: string) => (key: string, row: Row) =>
          key.startsWith(`${table}:`) && row.transferId === v.transferId;
        return {
          transfer: t
            ? {
                status: t.status,
                completedAt: t.completedAt,
                sourceCustodianId: t.sourceCustodianId,
                destinationCustodianId: t.destinationCustodianId,
              }
            : null,
          custodians: [{ _count: (v.custodianIds as string[]).filter((id) => this.custodians.has(id)).length }],
          participants: [{ _count: this.participants.has(String(v.participantId)) ? 1 : 0 }],
          accounts: [{ _count: (v.accountIds as string[]).filter((id) => this.accounts.has(id)).length }],
          financialBreakdowns: n(of('financialBreakdown')),
          transferEvents: n(of('transferEvent')),
          transferStatusHistorys: n(of('transferStatusHistory')),
          blockchainTransactions: n(of('blockchainTransaction')),
          tokenMovements: n(of('tokenMovement')),
          auditLogs: n((key, row) => key.startsWith('auditLog:') && row.entityId === v.transferId),
        };
      }
      case 'GetMonthlySummary': {
        const r = this.analytics.get(`${String(v.custodianId)}/monthly/${String(v.periodStart)}`);
        return { analyticsRow: r ? { ...r, volumeCents: i64(num(r.volumeCents)) } : null };
      }
      case 'ListAnalyticsRows':
        return {
          analyticsRows: [...this.analytics.entries()]
            .filter(([key]) => {
              const [custodianId, granularity, periodStart = ''] = key.split('/');
              return (
                custodianId === v.custodianId &&
                granularity === v.granularity &&
                periodStart >= String(v.from) &&
                periodStart <= String(v.to)
              );
            })
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([, r]) => ({ ...r, volumeCents: i64(num(r.volumeCents)) })),
        };
      case 'ListTransferCompletionsChangedSince':
        return {
          transfers: [...this.transfers.values()]
            .filter(
              (t) =>
                t.completedAt !== null &&
                (t.sourceCustodianId === v.custodianId || t.destinationCustodianId === v.custodianId),
            )
            .map((t) => ({ completedAt: t.completedAt })),
        };
      case 'ListCustodianIds':
        return { custodians: [...this.custodians.keys()].map((id) => ({ id })) };
    }
  }
}

/** The window of `granularity` containing `at`, as the double's fresh count reads it. */
export const freshWindow = (double: DataConnectDouble, custodianId: string, granularity: Granularity, at: Date) => {
  const w = windowOf(granularity, at);
  return double.fresh(custodianId, w.start, w.end);
};
