// Phases 3 and 4 and the run record through the connector: upserts keyed by the source event (or
// the transfer), so a replay writes nothing new.
import type { EtlRunRecord, MarkCompletedContext, RolloverAggregate } from '../port';
import type { Connector } from './connector';
import { int64, timestamp } from './wire';

export async function writeChain(dc: Connector, r: RolloverAggregate) {
  if (r.blockchainTransactions.length > 0) {
    await dc.mutate('UpsertBlockchainTransactions', {
      transactions: r.blockchainTransactions.map((t) => ({
        id: t.eventId,
        transferId: r.transferId,
        network: t.network,
        txHash: t.txHash,
        blockNumber: int64(t.blockNumber),
        recordedAt: timestamp(t.recordedAt),
      })),
    });
  }
  if (r.tokenMovements.length > 0) {
    await dc.mutate('UpsertTokenMovements', {
      movements: r.tokenMovements.map((m) => ({
        id: m.eventId,
        transferId: r.transferId,
        tokenId: m.tokenId,
        kind: m.kind,
        amountCents: int64(m.amountCents),
        occurredAt: timestamp(m.occurredAt),
      })),
    });
  }
  return { blockchainTransactions: r.blockchainTransactions.length, tokenMovements: r.tokenMovements.length };
}

export async function markCompleted(dc: Connector, r: RolloverAggregate, context: MarkCompletedContext): Promise<void> {
  await dc.mutate('MarkTransferCompleted', {
    transferId: r.transferId,
    historyId: `${r.transferId}:completed`,
    changedAt: timestamp(r.completedAt),
    actor: context.actor,
    auditId: `transfer:${r.transferId}:completed`,
    details: { rolloverId: r.rolloverId, attempt: context.attempt },
  });
}

export async function recordEtlRun(dc: Connector, run: EtlRunRecord): Promise<void> {
  await dc.mutate('UpsertEtlRun', {
    rolloverId: run.rolloverId,
    attempt: run.attempt,
    status: run.status,
    phaseTimingsMs: run.phaseTimingsMs,
    processingTimeMs: int64(run.processingTimeMs === null ? null : Math.round(run.processingTimeMs)),
    startedAt: timestamp(run.startedAt),
    finishedAt: timestamp(run.finishedAt),
    error: run.error,
  });
}
