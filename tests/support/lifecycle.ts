// Builds realistic rollover lifecycles (the platform's event documents) for tests and benchmarks.
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

export interface LifecycleOptions {
  rolloverId: string;
  transferId?: string;
  sourceCustodianId: string;
  destinationCustodianId: string;
  amountCents: number;
  initiatedAt: Date;
  completedAt: Date;
  chain?: boolean;
  /** With chain: the minted token is burned after it is minted (token.burned). */
  burn?: boolean;
}

export interface EventDoc {
  id: string;
  data: Record<string, unknown>;
}

/** Every event of one rollover except rollover.completed, then the completion separately. */
export function lifecycle(o: LifecycleOptions): { before: EventDoc[]; completed: EventDoc } {
  const transferId = o.transferId ?? `tr-${o.rolloverId}`;
  const span = o.completedAt.getTime() - o.initiatedAt.getTime();
  const at = (fraction: number) => Timestamp.fromMillis(o.initiatedAt.getTime() + Math.round(span * fraction));
  const envelope = (eventType: string, fraction: number, eventData: Record<string, unknown>) => ({
    eventType,
    rolloverId: o.rolloverId,
    userId: 'platform-user',
    timestamp: at(fraction),
    eventData,
    source: 'rollover-platform',
  });
  const before: EventDoc[] = [
    {
      id: `${o.rolloverId}-initiated`,
      data: envelope('rollover.initiated', 0, {
        transferId,
        sourceCustodianId: o.sourceCustodianId,
        destinationCustodianId: o.destinationCustodianId,
        participant: { participantId: `p-${o.rolloverId}`, fullName: 'Pat Example' },
        sourceAccount: { accountId: `src-${o.rolloverId}`, accountType: '401k', last4: '1234' },
        destinationAccount: { accountId: `dst-${o.rolloverId}`, accountType: 'ira' },
        requestedAmountCents: o.amountCents,
        financialBreakdown: {
          preTaxCents: o.amountCents - Math.floor(o.amountCents / 4),
          rothCents: Math.floor(o.amountCents / 4),
          afterTaxCents: 0,
        },
      }),
    },
    {
      id: `${o.rolloverId}-sent`,
      data: envelope('rollover.funds_sent', 0.3, { transferId, amountCents: o.amountCents, method: 'ach' }),
    },
    {
      id: `${o.rolloverId}-received`,
      data: envelope('rollover.funds_received', 0.6, { transferId, amountCents: o.amountCents }),
    },
  ];
  if (o.chain) {
    before.push(
      {
        id: `${o.rolloverId}-tx`,
        data: envelope('blockchain.transaction_recorded', 0.7, {
          transferId,
          network: 'polygon',
          txHash: `0x${o.rolloverId}`,
          blockNumber: 42,
        }),
      },
      {
        id: `${o.rolloverId}-mint`,
        data: envelope('token.minted', 0.8, { transferId, tokenId: `tok-${o.rolloverId}`, amountCents: o.amountCents }),
      },
    );
    if (o.burn) {
      before.push({
        id: `${o.rolloverId}-burn`,
        data: envelope('token.burned', 0.9, { transferId, tokenId: `tok-${o.rolloverId}`, amountCents: o.amountCents }),
      });
    }
  }
  const completed: EventDoc = {
    id: `${o.rolloverId}-completed`,
    data: {
      ...envelope('rollover.completed', 1, {
        transferId,
        sourceCustodianId: o.sourceCustodianId,
        destinationCustodianId: o.destinationCustodianId,
        amountCents: o.amountCents,
      }),
      timestamp: Timestamp.fromDate(o.completedAt),
    },
  };
  return { before, completed };
}

/** Into `events`, or another collection with the same documents (bench:etl's floor pipeline reads its own). */
export async function writeEvents(db: Firestore, events: EventDoc[], collection = 'events'): Promise<void> {
  const batch = db.batch();
  for (const event of events) batch.create(db.collection(collection).doc(event.id), event.data);
  await batch.commit();
}
