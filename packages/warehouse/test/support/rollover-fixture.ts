// Builds valid RolloverAggregates with unique ids, for warehouse tests that share one database.
import type { RolloverAggregate } from '../../src/port';

export const uniqueSuffix = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export interface RolloverOptions {
  source: string;
  destination: string;
  amountCents: number;
  completedAt: Date;
  durationMs: number;
  chain?: boolean;
}

export function rollover(options: RolloverOptions): RolloverAggregate {
  const id = uniqueSuffix();
  const initiatedAt = new Date(options.completedAt.getTime() - options.durationMs);
  const event = (n: number, eventType: string, at: Date) => ({
    eventId: `ev-${id}-${n}`,
    eventType,
    occurredAt: at,
    userId: 'platform',
    source: 'test',
  });
  return {
    rolloverId: `ro-${id}`,
    transferId: `tr-${id}`,
    sourceCustodianId: options.source,
    destinationCustodianId: options.destination,
    participant: { participantId: `pa-${id}`, fullName: null },
    sourceAccount: { accountId: `ac-${id}-s`, accountType: '401k', last4: '1234' },
    destinationAccount: { accountId: `ac-${id}-d`, accountType: 'ira', last4: null },
    requestedAmountCents: options.amountCents,
    amountCents: options.amountCents,
    financialBreakdown: { preTaxCents: options.amountCents, rothCents: 0, afterTaxCents: 0, employerMatchCents: null },
    fundsSent: { amountCents: options.amountCents, method: 'ach', at: initiatedAt },
    fundsReceived: null,
    initiatedAt,
    completedAt: options.completedAt,
    durationMs: options.durationMs,
    blockchainTransactions: options.chain
      ? [
          {
            eventId: `ev-${id}-3`,
            network: 'polygon',
            txHash: `0x${id}`,
            blockNumber: null,
            recordedAt: options.completedAt,
          },
        ]
      : [],
    tokenMovements: options.chain
      ? [
          {
            eventId: `ev-${id}-4`,
            tokenId: `tok-${id}`,
            kind: 'minted',
            amountCents: options.amountCents,
            occurredAt: options.completedAt,
          },
        ]
      : [],
    events: [event(1, 'rollover.initiated', initiatedAt), event(2, 'rollover.completed', options.completedAt)],
  };
}
