// (a) `firebase deploy --only functions` from a fresh clone: firebase.json's functions predeploy
// must build everything the deploy uploads, and firebase-tools' own check of the source
// (package.json's main exists) must then pass. Run on a clean copy with no functions/lib.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanTree } from '../clean-tree';
import { CHECK_PROJECT } from '../firebase-tools';
import { liveEnv } from '../../settings';

const validate = require('firebase-tools/lib/deploy/functions/runtimes/node/validate');

interface FunctionsConfig {
  source: string;
  predeploy?: string | string[];
}

export async function predeployBuild(log: (line: string) => void): Promise<void> {
  const tree = cleanTree();
  const config = JSON.parse(readFileSync(join(tree, 'firebase.json'), 'utf8')) as { functions: FunctionsConfig[] };
  for (const codebase of config.functions) {
    const sourceDir = join(tree, codebase.source);
    if (existsSync(join(sourceDir, 'lib')))
      throw new Error(`${codebase.source}/lib exists in the clean copy: it must be build output, gitignored`);
    const commands = [codebase.predeploy ?? []].flat();
    if (commands.length === 0)
      throw new Error(
        `firebase.json functions "${codebase.source}" has no predeploy: a fresh clone has no ${codebase.source}/lib, ` +
          'so `firebase deploy` stops, and a stale local build would be uploaded instead',
      );
    for (const command of commands) {
      log(`predeploy (${codebase.source}): ${command}`);
      // As firebase-tools runs hooks (lib/deploy/lifecycleHooks.js): a shell in the project folder.
      const run = spawnSync(command, {
        cwd: tree,
        shell: true,
        encoding: 'utf8',
        env: { ...liveEnv(), GCLOUD_PROJECT: CHECK_PROJECT, PROJECT_DIR: tree, RESOURCE_DIR: sourceDir },
      });
      if (run.status !== 0)
        throw new Error(`predeploy "${command}" failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    }
    // firebase-tools' own check before it packages the source: package.json's main must exist.
    validate.packageJsonIsValid(codebase.source, sourceDir, tree);
    log(`${codebase.source}: built on a clean tree, ${codebase.source}/package.json's main is present`);
  }
}
