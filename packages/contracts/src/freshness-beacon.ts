// The beacon's body, checked where it enters (POST /api/events/freshness); the browser never
// builds it (zod stays out of the client bundle), it only sends the FreshnessBeacon shape.
import { z } from 'zod';
import { documentId } from './events';
import { FRESHNESS_MAX_PART_MS, type FreshnessBeaconBody } from './freshness';

const part = z.number().finite().min(0).max(FRESHNESS_MAX_PART_MS);

export const FreshnessBeacon = z.strictObject({
  eventId: documentId(),
  commitToSendMs: part,
  receiveToRenderMs: part,
}) satisfies z.ZodType<FreshnessBeaconBody>;
export type FreshnessBeacon = z.infer<typeof FreshnessBeacon>;
