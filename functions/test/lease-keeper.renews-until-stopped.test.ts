// The worker's lease keeper renews on a timer while an attempt runs, says when a renewal found the
// run taken, and once stopped renews no more, whatever the attempt ended with. The renewal itself
// (a fenced Firestore transaction) is tested against the emulator in
// tests/emulator/etl.lease-renewed-mid-phase.test.ts; here it is a counter, and the clock is Jest's.
import { keepLease } from '../src/etl/lease-keeper';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const EVERY_MS = 250;

function renewals(answers: Array<boolean | Error>) {
  let calls = 0;
  const renew = async (): Promise<boolean> => {
    const answer = answers[Math.min(calls, answers.length - 1)]!;
    calls += 1;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { renew, calls: () => calls };
}

test('renews every interval while the attempt runs, and not at all once stopped', async () => {
  const r = renewals([true]);
  const keeper = keepLease(r.renew, EVERY_MS, () => undefined);
  await jest.advanceTimersByTimeAsync(EVERY_MS - 1);
  expect(r.calls()).toBe(0);
  await jest.advanceTimersByTimeAsync(2 * EVERY_MS + 1);
  expect(r.calls()).toBe(3);
  expect(keeper.lost()).toBe(false);

  await keeper.stop();
  await jest.advanceTimersByTimeAsync(10 * EVERY_MS);
  expect(r.calls()).toBe(3);
  expect(jest.getTimerCount()).toBe(0);
});

test('a renewal that finds the run taken marks the lease lost and stops renewing', async () => {
  const r = renewals([true, false]);
  const keeper = keepLease(r.renew, EVERY_MS, () => undefined);
  await jest.advanceTimersByTimeAsync(2 * EVERY_MS);
  expect(keeper.lost()).toBe(true);
  await jest.advanceTimersByTimeAsync(10 * EVERY_MS);
  expect(r.calls()).toBe(2);
  expect(jest.getTimerCount()).toBe(0);
  await keeper.stop();
});

test('a renewal that errors is reported and the next one is tried; the lease is not lost', async () => {
  const errors: unknown[] = [];
  const r = renewals([new Error('deadline exceeded'), true]);
  const keeper = keepLease(r.renew, EVERY_MS, (error) => errors.push(error));
  await jest.advanceTimersByTimeAsync(2 * EVERY_MS);
  expect(errors).toHaveLength(1);
  expect(r.calls()).toBe(2);
  expect(keeper.lost()).toBe(false);
  await keeper.stop();
});

test('stop waits for a renewal in flight and schedules none after it', async () => {
  let finish!: (held: boolean) => void;
  let calls = 0;
  const keeper = keepLease(
    () => {
      calls += 1;
      return new Promise<boolean>((resolve) => (finish = resolve));
    },
    EVERY_MS,
    () => undefined,
  );
  await jest.advanceTimersByTimeAsync(EVERY_MS);
  expect(calls).toBe(1);
  let stopped = false;
  const stopping = keeper.stop().then(() => (stopped = true));
  await jest.advanceTimersByTimeAsync(0);
  expect(stopped).toBe(false);
  finish(true);
  await stopping;
  await jest.advanceTimersByTimeAsync(10 * EVERY_MS);
  expect(calls).toBe(1);
  expect(jest.getTimerCount()).toBe(0);
});
