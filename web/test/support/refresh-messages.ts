// A stream message as the refresh state step receives it: the fields it reads, on fixed dates,
// for the step's unit tests.
import type { RefreshInput } from '@/lib/analytics-refresh/state-step';

export type MessageInput = Extract<RefreshInput, { kind: 'message' }>;

export const streamMessage = (
  id: string | null,
  type: string,
  rolloverId: string,
  custodian: string,
): MessageInput => ({
  kind: 'message',
  id,
  data: JSON.stringify({
    type,
    rolloverId,
    transferId: `tr-${rolloverId}`,
    sourceCustodianId: custodian,
    destinationCustodianId: 'c-z',
    timestamp: '2031-03-15T10:00:00.000Z',
  }),
});
