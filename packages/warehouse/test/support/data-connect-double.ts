// An executing stand-in for the Data Connect service, for tests: a node:http server on the
// Admin SDK's emulator endpoint that runs the `etl` connector's named operations against in-memory
// tables. The real Data Connect emulator cannot be downloaded here (docs/local-stack.md "Running offline"),
// so each operation's effect is written by hand from its text in dataconnect/etl/*.gql: upserts
// and updates keep stored values for absent variables, an insert on a taken key fails as
// PostgreSQL's unique constraint does, @check failures abort the whole @transaction, and a
// mutation runs atomically (one JS turn), as one SQL transaction would. Its checks run with its
// writes, after `beforeWrite`, as a key or an update's WHERE is checked when the row is written:
// whatever another transaction committed before then counts. What it cannot show is CEL
// evaluation; `beforeWrite` and `beforeReply` let a test overlap or interleave requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPERATIONS, type OperationName } from '../../src/dataconnect/operations';
import { GRANULARITIES, windowOf, type Granularity } from '../../src/windows';

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
/** PostgreSQL's unique-violation message, as the service passes it on. */
const duplicateKey = (constraint: string, column: string, value: string) =>
  new Error(
    `duplicate key value violates unique constraint "${constraint}": Key (${column})=(${value}) already exists.`,
  );
/** The transfer columns phase 2 writes (on insert) and rewrites (on update); the rest are set once. */
const TRANSFER_FIGURES = [
  'requestedAmountCents',
  'amountCents',
  'fundsSentAmountCents',
  'fundsSentMethod',
  'fundsSentAt',
  'fundsReceivedAmountCents',
  'fundsReceivedAt',
  'initiatedAt',
  'completedAt',
  'durationMs',
] as const;
/** Kept as numbers, for the fresh counts; other Int64 columns stay as the strings they arrive as. */
const NUMERIC = new Set<string>(['amountCents', 'durationMs']);
const defined = (data: Vars): Vars => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));

export class DataConnectDouble {
  readonly custodians = new Map<string, Row>();
  readonly participants = new Map<string, Row>();
  readonly accounts = new Map<string, Row>();
  readonly transfers = new Map<string, DoubleTransfer>();
  readonly rows = new Map<string, Row>(); // every other table, keyed `table:id`
  readonly analytics = new Map<string, Row>(); // `custodianId/granularity/periodStart`
  /** Awaited before a mutation runs: lets a test hold writers until all have read, overlapping their transactions. */
  beforeWrite: ((operation: OperationName, variables: Vars) => Promise<void>) | null = null;
  /** Awaited after an operation ran and before its answer is sent: lets a test interleave requests. */
  beforeReply: ((operation: OperationName, variables: Vars) => Promise<void>) | null = null;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on(
        'end',
        () =>
          void this.answer(raw).then((answer) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(answer));
          }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async answer(raw: string): Promise<object> {
    const body = JSON.parse(raw) as { operationName: OperationName; variables?: Vars };
    const { operationName: operation } = body;
    const variables = body.variables ?? {};
    let answer: object;
    try {
      if (OPERATIONS[operation].kind === 'mutation') await this.beforeWrite?.(operation, variables);
      answer = { data: this.run(operation, variables) };
    } catch (error) {
      answer = { data: null, errors: [{ message: error instanceof Error ? error.message : String(error) }] };
    }
    await this.beforeReply?.(operation, variables);
    return answer;
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

  /** GetCustodianWindowStats's answer for one window: the stored row and the fresh aggregates. */
  private windowStats(custodianId: string, granularity: string, periodStart: string, from: string, to: string) {
    const f = this.fresh(custodianId, new Date(from), new Date(to));
    const current = this.analytics.get(`${custodianId}/${granularity}/${periodStart}`);
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

  private upsert(table: Map<string, Row>, key: string, data: Vars, defaults: Row = {}): void {
    table.set(key, { ...defaults, ...(table.get(key) ?? {}), ...defined(data) });
  }

  /** InsertTransferCore or UpdateTransferCore: every check first, so a failure leaves nothing behind. */
  private writeTransferCore(operation: 'InsertTransferCore' | 'UpdateTransferCore', v: Vars): unknown {
    const sides = ['source', 'destination'] as const;
    // account_updateMany where id and custodian match, @check(this == 1)
    for (const side of sides) {
      const account = this.accounts.get(String(v[`${side}AccountId`]));
      if (account?.custodianId !== v[`${side}CustodianId`]) throw new Error('ownership conflict: account');
    }
    const id = String(v.transferId);
    const stored = this.transfers.get(id);
    if (operation === 'InsertTransferCore') {
      if (stored) throw duplicateKey('transfer_pkey', 'id', id);
      if ([...this.transfers.values()].some((t) => t.rolloverId === v.rolloverId))
        throw duplicateKey('transfer_rollover_id_key', 'rollover_id', String(v.rolloverId));
    } else if (stored?.rolloverId !== v.rolloverId) {
      // transfer_updateMany where id and rolloverId match, @check(this == 1)
      throw new Error('ownership conflict: transfer');
    }
    this.upsert(this.participants, String(v.participantId), { id: v.participantId, fullName: v.participantFullName });
    for (const side of sides) {
      this.upsert(this.accounts, String(v[`${side}AccountId`]), {
        accountType: v[`${side}AccountType`],
        last4: v[`${side}AccountLast4`],
      });
    }
    const figures = Object.fromEntries(
      TRANSFER_FIGURES.map((k) => [k, v[k] === undefined || !NUMERIC.has(k) ? v[k] : num(v[k])]),
    );
    // An update re-points the parties too (a correction's restated rollover.initiated).
    const parties = {
      sourceCustodianId: v.sourceCustodianId,
      destinationCustodianId: v.destinationCustodianId,
      participantId: v.participantId,
      sourceAccountId: v.sourceAccountId,
      destinationAccountId: v.destinationAccountId,
    };
    const row: Row = stored
      ? { ...stored, ...defined(figures), ...parties }
      : {
          ...Object.fromEntries(TRANSFER_FIGURES.map((k) => [k, figures[k] ?? null])),
          id,
          rolloverId: v.rolloverId,
          sourceCustodianId: v.sourceCustodianId,
          destinationCustodianId: v.destinationCustodianId,
          participantId: v.participantId,
          sourceAccountId: v.sourceAccountId,
          destinationAccountId: v.destinationAccountId,
          status: 'processing', // the column default; neither operation sends a status
        };
    this.transfers.set(id, row as DoubleTransfer);
    for (const e of v.events as Row[]) this.upsert(this.rows, `transferEvent:${String(e.eventId)}`, e);
    return operation === 'InsertTransferCore' ? { transfer_insert: { id } } : { transfer_updateMany: 1 };
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
          transfer: t
            ? {
                rolloverId: t.rolloverId,
                status: t.status,
                sourceCustodianId: t.sourceCustodianId,
                destinationCustodianId: t.destinationCustodianId,
                completedAt: t.completedAt,
                amountCents: i64(t.amountCents),
                durationMs: i64(t.durationMs),
              }
            : null,
          sourceAccount: account(v.sourceAccountId),
          destinationAccount: account(v.destinationAccountId),
        };
      }
      case 'InsertAccount': {
        const id = String(v.accountId);
        if (this.accounts.has(id)) throw duplicateKey('account_pkey', 'id', id);
        this.upsert(this.custodians, String(v.custodianId), { id: v.custodianId });
        this.upsert(this.participants, String(v.participantId), { id: v.participantId });
        this.accounts.set(id, {
          id,
          custodianId: v.custodianId,
          participantId: v.participantId,
          accountType: v.accountType,
          last4: v.last4 ?? null,
        });
        return { account_insert: { id } };
      }
      case 'InsertTransferCore':
      case 'UpdateTransferCore':
        return this.writeTransferCore(operation, v);
      case 'DeleteStaleTransferRows': {
        const keep: Record<string, unknown[]> = {
          transferEvent: v.eventIds as unknown[],
          blockchainTransaction: v.blockchainTransactionIds as unknown[],
          tokenMovement: v.tokenMovementIds as unknown[],
        };
        for (const [key, row] of [...this.rows]) {
          const table = key.slice(0, key.indexOf(':'));
          const id = key.slice(table.length + 1);
          if (table in keep && row.transferId === v.transferId && !keep[table]!.includes(id)) this.rows.delete(key);
        }
        return {};
      }
      case 'DeleteFinancialBreakdown':
        this.rows.delete(`financialBreakdown:${String(v.transferId)}`);
        return {};
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
        this.upsert(this.rows, `transferStatusHistory:${String(v.historyId)}`, {
          id: v.historyId,
          transferId: v.transferId,
          status: 'completed',
          changedAt: v.changedAt,
          actor: v.actor,
        });
        this.upsert(this.rows, `auditLog:${String(v.auditId)}`, {
          id: v.auditId,
          entityType: 'transfer',
          entityId: v.transferId,
          action: 'status.completed',
          actor: v.actor,
          details: v.details,
        });
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
      case 'GetCustodianWindowStats':
        return this.windowStats(
          String(v.custodianId),
          String(v.granularity),
          String(v.periodStart),
          String(v.from),
          String(v.to),
        );
      case 'GetRolloverWindowStats':
        return Object.fromEntries(
          GRANULARITIES.flatMap((g) => {
            const stats = this.windowStats(
              String(v.custodianId),
              g,
              String(v[`${g}Start`]),
              String(v[`${g}From`]),
              String(v[`${g}To`]),
            );
            return [
              [`${g}Current`, stats.current],
              [`${g}All`, stats.all],
              [`${g}Inbound`, stats.inbound],
              [`${g}Outbound`, stats.outbound],
            ];
          }),
        );
      case 'GetTransferReadBack': {
        const t = this.transfers.get(String(v.transferId));
        const rowsOf = (table: string, pred: (row: Row) => boolean = (row) => row.transferId === v.transferId) =>
          [...this.rows].filter(([key, row]) => key.startsWith(`${table}:`) && pred(row)).map(([, row]) => row);
        const pick = (rows: Row[], fields: string[]) =>
          rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f] ?? null])));
        return {
          transfer: t
            ? {
                ...Object.fromEntries(TRANSFER_FIGURES.map((k) => [k, t[k] ?? null])),
                rolloverId: t.rolloverId,
                status: t.status,
                amountCents: i64(t.amountCents),
                durationMs: i64(t.durationMs),
                sourceCustodianId: t.sourceCustodianId,
                destinationCustodianId: t.destinationCustodianId,
                participantId: t.participantId,
                sourceAccountId: t.sourceAccountId,
                destinationAccountId: t.destinationAccountId,
              }
            : null,
          custodians: [{ _count: (v.custodianIds as string[]).filter((id) => this.custodians.has(id)).length }],
          participants: [{ _count: this.participants.has(String(v.participantId)) ? 1 : 0 }],
          accounts: pick(
            (v.accountIds as string[]).flatMap((id): Row[] =>
              [this.accounts.get(id)].filter((a): a is Row => a !== undefined),
            ),
            ['id', 'custodianId'],
          ),
          financialBreakdowns: pick(rowsOf('financialBreakdown'), [
            'preTaxCents',
            'rothCents',
            'afterTaxCents',
            'employerMatchCents',
          ]),
          transferEvents: pick(rowsOf('transferEvent'), ['eventId', 'eventType', 'occurredAt']),
          transferStatusHistorys: pick(rowsOf('transferStatusHistory'), ['status', 'changedAt']),
          blockchainTransactions: pick(rowsOf('blockchainTransaction'), [
            'id',
            'network',
            'txHash',
            'blockNumber',
            'recordedAt',
          ]),
          tokenMovements: pick(rowsOf('tokenMovement'), ['id', 'tokenId', 'kind', 'amountCents', 'occurredAt']),
          auditLogs: pick(
            rowsOf('auditLog', (row) => row.entityType === 'transfer' && row.entityId === v.transferId),
            ['action', 'details'],
          ),
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
