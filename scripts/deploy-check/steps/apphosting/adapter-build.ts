// Builds web/ the way App Hosting's Next.js buildpack does: `apphosting-adapter-nextjs-build` in
// the app's folder, which runs `npm run build` with a standalone output and writes
// .apphosting/bundle.yaml (the run command and the files the container keeps).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../../stack/ports';
import { liveEnv } from '../../../settings';

export const WEB = join(ROOT, 'web');
const ADAPTER = join(ROOT, 'node_modules', '.bin', 'apphosting-adapter-nextjs-build');

export interface OutputBundle {
  runCommand: string;
  /** Paths relative to web/ that the deployed container keeps; everything else is dropped. */
  include: string[];
}

/** Runs the adapter; throws with the tail of its output when it fails. */
export async function runAdapterBuild(log: (line: string) => void, web = WEB): Promise<void> {
  if (!existsSync(ADAPTER))
    throw new Error('@apphosting/adapter-nextjs is not installed (web devDependency): run npm install');
  const nextVersion = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'next', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  // The buildpack passes the framework version, which the adapter checks against known-vulnerable Nexts.
  const env: NodeJS.ProcessEnv = { ...liveEnv(), FRAMEWORK_VERSION: nextVersion, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of Object.keys(env)) if (name.endsWith('_EMULATOR_HOST')) delete env[name];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(ADAPTER, [], { cwd: web, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (/adapter|Next\.js|Compiled|standalone|error|Error/i.test(line)) log(`  adapter: ${line.trim()}`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0)
    throw new Error(`apphosting-adapter-nextjs-build exited with ${code}:\n${output.slice(-25).join('\n')}`);
}

/** bundle.yaml's run command and kept files, as App Hosting reads them. */
export function readOutputBundle(web = WEB): OutputBundle {
  const path = join(web, '.apphosting', 'bundle.yaml');
  if (!existsSync(path)) throw new Error(`the adapter wrote no ${path}`);
  const bundle = parse(readFileSync(path, 'utf8')) as {
    runConfig?: { runCommand?: string };
    outputFiles?: { serverApp?: { include?: string[] } };
  };
  const runCommand = bundle.runConfig?.runCommand;
  if (!runCommand) throw new Error(`${path} has no runConfig.runCommand`);
  // Without outputFiles App Hosting keeps the whole app folder.
  return { runCommand, include: bundle.outputFiles?.serverApp?.include ?? ['.'] };
}
