// `npm start` and `npm test` check their prerequisites before they build or start anything, and
// print every missing one with its one-line fix. Otherwise a missing Chromium surfaces after
// minutes of typecheck, unit tests and builds, and a missing Java as firebase-tools' stack trace.
// Usage: node --import tsx scripts/stack/preflight.ts start|test (exits 1 when a check fails).
import { assertNodeMajor } from '../runtime/node-major.cjs';
import { locateChromium } from './chromium';
import { assertJava } from './emulator-binaries';
import { assertPortsFree, type StackPort } from './free-ports';
import { ports } from './ports';
import { settings } from '../settings';

export type Command = 'start' | 'test';

interface Check {
  prerequisite: string;
  /** Throws an error whose message ends with the one-line fix. */
  run: () => unknown;
}

function checksOf(command: Command): Check[] {
  // npm start uses the database at DATABASE_URL instead of its own; the test stack always starts its own.
  const stackPorts = (Object.keys(ports) as StackPort[]).filter(
    (name) => command === 'test' || name !== 'postgres' || !settings.databaseUrl(),
  );
  return [
    { prerequisite: 'Node', run: () => assertNodeMajor(`npm ${command}`) },
    { prerequisite: 'Java', run: () => assertJava() },
    // Only the end-to-end tests and benches drive a browser; npm start serves one.
    ...(command === 'test' ? [{ prerequisite: 'Chromium', run: () => locateChromium() }] : []),
    { prerequisite: 'free ports', run: () => assertPortsFree(stackPorts) },
  ];
}

/** One line per failing check, naming the prerequisite and its fix; empty when all pass. */
export async function preflightProblems(command: Command): Promise<string[]> {
  const outcomes = await Promise.all(
    checksOf(command).map(async ({ prerequisite, run }) => {
      try {
        await run();
        return undefined;
      } catch (error) {
        return `✗ ${prerequisite}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }),
  );
  return outcomes.filter((line): line is string => line !== undefined);
}

/** Returns when every prerequisite of `command` is there; otherwise prints each missing one and exits 1. */
export async function preflight(command: Command): Promise<void> {
  const problems = await preflightProblems(command);
  if (problems.length === 0) return;
  console.error(`npm ${command} cannot run: ${problems.length} prerequisite(s) missing.`);
  for (const line of problems) console.error(line);
  process.exit(1);
}

if (require.main === module) {
  const command = process.argv[2];
  if (command !== 'start' && command !== 'test') {
    console.error('usage: preflight.ts start|test');
    process.exit(2);
  }
  void preflight(command);
}
