// `npm run deploy:check`: rehearses `firebase deploy` offline with the platform tools' own code,
// step by step, and fails if any step fails. Each step throws with what is wrong.
import { removeCleanTree } from './clean-tree';
import { appHostingBundle } from './steps/apphosting-bundle';
import { firestoreIndexes } from './steps/firestore-indexes';
import { functionsDiscovery } from './steps/functions-discovery';
import { paramsResolution } from './steps/params-resolution';
import { predeployBuild } from './steps/predeploy-build';

type Step = (log: (line: string) => void) => Promise<void>;

const STEPS: [string, Step][] = [
  ['predeploy build on a clean tree', predeployBuild],
  ['functions discovery with only Firebase variables', functionsDiscovery],
  ['params resolution from functions/.env.example', paramsResolution],
  ['every composite Firestore query has its index', firestoreIndexes],
  ['App Hosting adapter build and bundle smoke', appHostingBundle],
];

async function main(): Promise<number> {
  const failed: string[] = [];
  try {
    for (const [name, step] of STEPS) {
      const t0 = Date.now();
      console.log(`deploy:check ▸ ${name}`);
      try {
        await step((line) => console.log(`  ${line}`));
        console.log(`deploy:check ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed.push(name);
        console.log(`deploy:check ✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    removeCleanTree();
  }
  console.log(failed.length === 0 ? 'deploy:check passed' : `deploy:check FAILED: ${failed.join('; ')}`);
  return failed.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
