// Runs a command with the local scheduler on (local-scheduler.ts): `exec.ts --scheduler` runs the
// test command through this inside `firebase emulators:exec`, once the emulators are ready, so
// the scheduled functions run on their schedule (or every LOCAL_SCHEDULE_SECONDS) meanwhile.
// Usage: tsx scripts/stack/with-scheduler.ts -- <command…>
import { spawn } from 'node:child_process';
import { scheduleOverrideSeconds, startLocalScheduler } from './local-scheduler';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const command = argv[0] === '--' ? argv.slice(1) : argv;
  if (command.length === 0) throw new Error('usage: with-scheduler.ts -- <command…>');
  const stop = await startLocalScheduler({
    everySeconds: scheduleOverrideSeconds(),
    log: (line) => console.log(`[stack] ${line}`),
  });
  const code = await new Promise<number>((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  await stop();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
