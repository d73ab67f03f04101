// Moves Date forward for time-bound checks (a cache TTL, a sign-in's age) instead of sleeping.
// Only Date is faked: timers, promises and the emulators' network calls run in real time. Tests
// that use it call jest.useRealTimers() in afterEach.
const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

export function moveClockBy(ms: number): void {
  jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: Date.now() + ms });
}
