// `firebase deploy --only functions` uploads functions/ alone. This copies it (package.json and the
// esbuild bundle in lib/) to an empty folder, installs its production dependencies there, and loads
// the entry point: it must work without the monorepo and export every deployed function.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FUNCTIONS = join(__dirname, '..');
const DEPLOYED = [
  'etlAdmin',
  'etlBulkWorker',
  'etlDeadLetter',
  'etlOnEventCreated',
  'etlReaggregate',
  'etlSweeper',
  'etlWorker',
];

test('functions/ alone installs and exports every deployed function', () => {
  if (!existsSync(join(FUNCTIONS, 'lib', 'index.js')))
    throw new Error('functions/lib is missing: run `npm run build:functions` first');
  const dir = mkdtempSync(join(tmpdir(), 'functions-deploy-'));
  try {
    cpSync(join(FUNCTIONS, 'package.json'), join(dir, 'package.json'));
    cpSync(join(FUNCTIONS, 'lib'), join(dir, 'lib'), { recursive: true });
    // Dev dependencies are the workspace packages, already bundled into lib/; the deploy installs without them.
    execFileSync(
      'npm',
      ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'],
      {
        cwd: dir,
        stdio: 'pipe',
        env: { ...process.env, npm_config_workspaces: 'false' },
      },
    );
    const script = `const m = require(${JSON.stringify(join(dir, 'lib', 'index.js'))}); process.stdout.write(JSON.stringify(Object.keys(m).sort()));`;
    const exported = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } }),
    );
    expect(exported).toEqual(DEPLOYED);
    expect(existsSync(join(dir, 'node_modules', '@trustrails'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
