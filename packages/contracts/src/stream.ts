// Server-Sent Events message shapes (docs/contracts/streams.md).
import { z } from 'zod';
import type { EventType } from './events';

export const STREAMED_EVENT_TYPES = Object.freeze({
  'rollover.completed': 'transfer_completed',
  'etl.completed': 'etl_completed',
  'etl.failed': 'etl_failed',
} as const satisfies Partial<Record<EventType, string>>);
export type StreamedEventType = keyof typeof STREAMED_EVENT_TYPES;
export type StreamMessageType = (typeof STREAMED_EVENT_TYPES)[StreamedEventType];

export const STREAM_SOURCE = 'global-analytics-stream';

export const StreamMessage = z.object({
  type: z.enum(['transfer_completed', 'etl_completed', 'etl_failed']),
  eventType: z.enum(['rollover.completed', 'etl.completed', 'etl.failed']),
  rolloverId: z.string(),
  transferId: z.string().nullable(),
  sourceCustodianId: z.string().nullable(),
  destinationCustodianId: z.string().nullable(),
  tablesPopulated: z.array(z.string()).optional(),
  processingTimeMs: z.number().optional(),
  timestamp: z.string(),
  source: z.literal(STREAM_SOURCE),
});
export type StreamMessage = z.infer<typeof StreamMessage>;
