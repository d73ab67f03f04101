// The local stack's stand-in for Cloud Scheduler (scripts/stack/local-scheduler.ts), started by a
// test for as long as it needs scheduled runs: the same code `npm start` runs, at a short interval.
import { startLocalScheduler } from '../../scripts/stack/local-scheduler';

export function runScheduler(everySeconds: number): Promise<() => Promise<void>> {
  return startLocalScheduler({ everySeconds, log: (line) => console.log(line) });
}
