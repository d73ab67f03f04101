// A taken port stops the stack before it starts anything, with a message that names the port and
// the setting that moves the stack's ports.
import { freeOffset, holdPort, runExec } from './support';

jest.setTimeout(60_000);

describe('stack ports', () => {
  it('names the taken port and STACK_PORT_OFFSET, and exits non-zero at once', async () => {
    const offset = await freeOffset();
    const postgresPort = 54329 + offset;
    const held = await holdPort(postgresPort);
    try {
      const run = await runExec(
        ['--postgres-only', '--', process.execPath, '-e', 'process.exit(0)'],
        { STACK_PORT_OFFSET: String(offset) },
        30_000,
      );

      expect(run.code).not.toBe(0);
      expect(run.output).toContain(`${postgresPort} (postgres)`);
      expect(run.output).toContain(`STACK_PORT_OFFSET`);
      expect(run.output).not.toContain('undefined');
      // Checked before anything starts: no server was initialised in the meantime.
      expect(run.output).not.toContain('embedded PostgreSQL on');
      // Generous for a shared 2-core machine; it is the time to load tsx and bind one socket.
      expect(run.ms).toBeLessThan(20_000);
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });

  it('checks the emulator ports too', async () => {
    const offset = await freeOffset();
    const firestorePort = 8080 + offset;
    const held = await holdPort(firestorePort);
    try {
      const run = await runExec(
        ['--', process.execPath, '-e', 'process.exit(0)'],
        { STACK_PORT_OFFSET: String(offset) },
        30_000,
      );

      expect(run.code).not.toBe(0);
      expect(run.output).toContain(`${firestorePort} (firestore)`);
      expect(run.output).toContain('STACK_PORT_OFFSET');
      expect(run.output).toContain(`now ${offset}`);
      expect(run.output).not.toContain('emulators:');
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });
});
