// The etl-rollover topic carries two messages. A warm-up must never be taken for a rollover (it
// would claim nothing and fail), and a rollover never for a warm-up (it would be acked unprocessed).
import { EtlMessage, EtlWarmUpMessage } from '../src';

const rollover = { rolloverId: 'r-1', eventId: 'r-1-completed', attempt: 1 };

test('a warm-up message is accepted only as exactly {warmUp: true}', () => {
  expect(EtlWarmUpMessage.safeParse({ warmUp: true }).success).toBe(true);
  expect(EtlWarmUpMessage.safeParse({ warmUp: false }).success).toBe(false);
  expect(EtlWarmUpMessage.safeParse({ warmUp: 'true' }).success).toBe(false);
  expect(EtlWarmUpMessage.safeParse({}).success).toBe(false);
});

test('neither schema accepts the other message, nor the two merged', () => {
  expect(EtlWarmUpMessage.safeParse(rollover).success).toBe(false);
  expect(EtlMessage.safeParse({ warmUp: true }).success).toBe(false);
  expect(EtlWarmUpMessage.safeParse({ ...rollover, warmUp: true }).success).toBe(false);
  expect(EtlMessage.safeParse({ ...rollover, warmUp: true }).success).toBe(false);
  expect(EtlMessage.safeParse(rollover).success).toBe(true);
});
