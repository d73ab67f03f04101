// A copy of the repository as a fresh clone has it: the files git tracks (and new, not ignored
// ones), with no build output (functions/lib is gitignored). The installed dependencies are linked,
// not copied: `npm ci` is what a clone runs first, and copying them would take minutes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const NODE_MODULES = ['node_modules', 'functions/node_modules', 'web/node_modules', 'packages/contracts/node_modules'];

let tree: string | undefined;

/** The clean copy, made once per run (removed by removeCleanTree). */
export function cleanTree(): string {
  if (tree) return tree;
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    // node_modules are linked below (a symlinked one is not ignored by `node_modules/`, which matches folders).
    .filter((file) => file && !NODE_MODULES.includes(file) && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  for (const modules of NODE_MODULES)
    if (existsSync(join(ROOT, modules))) symlinkSync(join(ROOT, modules), join(dir, modules), 'dir');
  tree = dir;
  return dir;
}

export function removeCleanTree(): void {
  if (tree) rmSync(tree, { recursive: true, force: true });
  tree = undefined;
}
