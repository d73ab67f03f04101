// Stopping a stack ends what that stack started and nothing else: not a process of another stack
// whose arguments merely mention the same ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { freeOffset, isAlive, runExec, waitGone } from './support';

jest.setTimeout(120_000);

describe('stack processes', () => {
  const foreign: ChildProcess[] = [];
  afterEach(() => foreign.splice(0).forEach((child) => child.kill('SIGKILL')));

  it('leaves alone a foreign process whose arguments name the stack ports', async () => {
    const offset = await freeOffset();
    // Looks like another stack's emulator to anything that matches on command lines.
    const other = spawn(
      process.execPath,
      ['-e', 'setInterval(() => {}, 1000)', '--', `--port=${8085 + offset}`, '--port', String(8080 + offset)],
      { stdio: 'ignore' },
    );
    foreign.push(other);

    const run = await runExec(
      ['--postgres-only', '--', process.execPath, '-e', 'process.exit(0)'],
      { STACK_PORT_OFFSET: String(offset) },
      90_000,
    );

    expect(run.output).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(isAlive(other.pid!)).toBe(true);
  });

  it('ends a process it started that detached itself from its parent', async () => {
    const offset = await freeOffset();
    const script =
      "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], " +
      "{ detached: true, stdio: 'ignore' }); c.unref(); console.log('DETACHED_PID=' + c.pid);";

    const run = await runExec(
      ['--postgres-only', '--', process.execPath, '-e', script],
      { STACK_PORT_OFFSET: String(offset) },
      90_000,
    );

    const pid = Number(/DETACHED_PID=(\d+)/.exec(run.output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    try {
      expect(await waitGone(pid, 5_000)).toBe(true);
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
