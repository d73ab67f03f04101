// Server-Sent Events message shapes (docs/contracts/streams.md).
import { z } from 'zod';
import type { EventType } from './events';

/** What the global stream carries: completions and the ETL's signals. */
export const STREAMED_EVENT_TYPES = Object.freeze({
  'rollover.completed': 'transfer_completed',
  'etl.completed': 'etl_completed',
  'etl.failed': 'etl_failed',
} as const satisfies Partial<Record<EventType, string>>);

/** What the rollover stream carries besides those: the rollover's financial and chain events. */
export const ROLLOVER_DETAIL_EVENT_TYPES = Object.freeze({
  'rollover.initiated': 'transfer_initiated',
  'rollover.funds_sent': 'funds_sent',
  'rollover.funds_received': 'funds_received',
  'blockchain.transaction_recorded': 'blockchain_transaction',
  'token.minted': 'token_minted',
  'token.burned': 'token_burned',
} as const satisfies Partial<Record<EventType, string>>);

export const STREAM_MESSAGE_TYPES = Object.freeze({ ...STREAMED_EVENT_TYPES, ...ROLLOVER_DETAIL_EVENT_TYPES });
export type StreamedEventType = keyof typeof STREAM_MESSAGE_TYPES;
export type StreamMessageType = (typeof STREAM_MESSAGE_TYPES)[StreamedEventType];
const EVENT_TYPES = Object.keys(STREAM_MESSAGE_TYPES) as [StreamedEventType, ...StreamedEventType[]];
const MESSAGE_TYPES = Object.values(STREAM_MESSAGE_TYPES) as [StreamMessageType, ...StreamMessageType[]];

export const STREAM_SOURCE = 'global-analytics-stream';

export const StreamMessage = z.object({
  type: z.enum(MESSAGE_TYPES),
  eventType: z.enum(EVENT_TYPES),
  rolloverId: z.string(),
  transferId: z.string().nullable(),
  sourceCustodianId: z.string().nullable(),
  destinationCustodianId: z.string().nullable(),
  tablesPopulated: z.array(z.string()).optional(),
  /**
   * etl.completed of a reprocessed rollover only (absent on its first signal): the revision, and
   * every custodian whose cards it changed, those the correction took the transfer from included.
   */
  revision: z.number().int().min(2).optional(),
  custodianIds: z.array(z.string()).optional(),
  processingTimeMs: z.number().optional(),
  /** Rollover stream only: the financial or chain figures of the event, never personal data. */
  detail: z
    .object({
      amountCents: z.number().optional(),
      requestedAmountCents: z.number().optional(),
      method: z.string().optional(),
      network: z.string().optional(),
      txHash: z.string().optional(),
      blockNumber: z.number().optional(),
      tokenId: z.string().optional(),
    })
    .optional(),
  timestamp: z.string(),
  source: z.literal(STREAM_SOURCE),
  /**
   * Live frames only, on the server's clock: the event's commit in Firestore to the moment the
   * stream sent it (ms). Replays leave it out: their send is not the event's delivery. The
   * dashboard adds its own receive -> render to it for freshness (contracts/freshness.ts).
   */
  commitToSendMs: z.number().optional(),
});
export type StreamMessage = z.infer<typeof StreamMessage>;
