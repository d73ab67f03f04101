// `npm start` and `npm test` check their prerequisites before they build or start anything (issue
// 21): each check fails with its one-line fix when its prerequisite is missing, and passes when it
// is there. Real processes throughout: a PATH without java or chromium, a `java` that reports an old
// version, a port held by a listener of this test.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNodeMajor } from '../../scripts/runtime/node-major.cjs';
import { locateChromium } from '../../scripts/stack/chromium';
import { assertJava } from '../../scripts/stack/emulator-binaries';
import { freeOffset, holdPort, runStackScript } from './support';

jest.setTimeout(60_000);

let emptyFolder: string;
let oldJavaFolder: string;

beforeAll(() => {
  emptyFolder = mkdtempSync(join(tmpdir(), 'preflight-empty-'));
  // A real `java` on PATH that is too old: Java 8 prints its version in the old "1.8" scheme.
  oldJavaFolder = mkdtempSync(join(tmpdir(), 'preflight-java8-'));
  writeFileSync(join(oldJavaFolder, 'java'), `#!/bin/sh\necho 'openjdk version "1.8.0_392"' >&2\n`);
  chmodSync(join(oldJavaFolder, 'java'), 0o755);
});

afterAll(() => {
  rmSync(emptyFolder, { recursive: true, force: true });
  rmSync(oldJavaFolder, { recursive: true, force: true });
});

describe('each prerequisite check', () => {
  it('Node: refuses another major with its fix, and passes on the project major', () => {
    expect(() => assertNodeMajor('npm test', '20.11.1')).toThrow(
      /npm test runs on Node v20\.11\.1 .*this project runs on Node 22\. Fix: /,
    );
    expect(() => assertNodeMajor('npm test')).not.toThrow();
  });

  it('Java: names the fix when java is not on PATH or is older than 11, and passes on this machine', () => {
    expect(() => assertJava({ PATH: emptyFolder })).toThrow(
      /Java was not found on PATH.*Fix: apt-get install openjdk-17-jre-headless$/,
    );
    expect(() => assertJava({ PATH: oldJavaFolder })).toThrow(
      /Java 8 is on PATH, but .* need Java 11 or newer\. Fix: apt-get install openjdk-17-jre-headless/,
    );
    expect(() => assertJava()).not.toThrow();
  });

  it('Chromium: names the fix when it is not on PATH or CHROMIUM_PATH is wrong, and finds it on this machine', () => {
    expect(() => locateChromium({ PATH: emptyFolder })).toThrow(
      /Chromium was not found on PATH.*Fix: apt-get install chromium/,
    );
    expect(() => locateChromium({ PATH: process.env.PATH, CHROMIUM_PATH: join(emptyFolder, 'chromium') })).toThrow(
      /CHROMIUM_PATH is .*, which is not an executable file\. Fix: apt-get install chromium/,
    );
    expect(locateChromium({ PATH: process.env.PATH })).toMatch(/chromium(-browser)?$/);
  });
});

describe('the preflight of npm test and npm start', () => {
  it('npm test: prints every failing check with its fix, exits 1 at once; exits 0 when all are there', async () => {
    const offset = await freeOffset();
    const firestorePort = 8080 + offset;
    const held = await holdPort(firestorePort);
    try {
      const missing = await runStackScript(
        'preflight.ts',
        ['test'],
        { PATH: emptyFolder, CHROMIUM_PATH: '', STACK_PORT_OFFSET: String(offset) },
        30_000,
      );
      expect(missing.code).toBe(1);
      const failures = missing.output.split('\n').filter((line) => line.startsWith('✗'));
      expect(failures).toEqual([
        expect.stringMatching(/^✗ Java: .*Fix: /),
        expect.stringMatching(/^✗ Chromium: .*Fix: /),
        expect.stringMatching(new RegExp(`^✗ free ports: Port ${firestorePort} \\(firestore\\) .*STACK_PORT_OFFSET`)),
      ]);
      // Generous for a shared 2-core machine: it is the time to load tsx, run `java -version` and bind sockets.
      expect(missing.ms).toBeLessThan(20_000);
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }

    const present = await runStackScript('preflight.ts', ['test'], { STACK_PORT_OFFSET: String(offset) }, 30_000);
    expect(present.output).toBe('');
    expect(present.code).toBe(0);
  });

  it('npm start: checks Java and the ports before it starts anything', async () => {
    const offset = await freeOffset();
    const webPort = 3000 + offset;
    const held = await holdPort(webPort);
    const dataDir = mkdtempSync(join(tmpdir(), 'preflight-start-'));
    try {
      const run = await runStackScript(
        'start.ts',
        ['--no-simulator'],
        { PATH: emptyFolder, STACK_PORT_OFFSET: String(offset), STACK_DATA_DIR: dataDir },
        30_000,
      );
      expect(run.code).toBe(1);
      const failures = run.output.split('\n').filter((line) => line.startsWith('✗'));
      expect(failures).toEqual([
        expect.stringMatching(/^✗ Java: .*Fix: /),
        expect.stringMatching(new RegExp(`^✗ free ports: Port ${webPort} \\(web\\) .*STACK_PORT_OFFSET`)),
      ]);
      // Nothing was built or started: the stack's own log lines never appear.
      expect(run.output).not.toContain('[stack');
    } finally {
      await new Promise((resolve) => held.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
