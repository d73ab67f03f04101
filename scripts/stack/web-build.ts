// Decides whether `next build` must run: only when no build exists or a source is newer than it,
// so a second `npm start` starts in seconds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ports';

const SOURCES = [
  'web/app',
  'web/components',
  'web/hooks',
  'web/lib',
  'web/next.config.ts',
  'web/package.json',
  'packages/contracts/src',
  'packages/warehouse/src',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

export function webNeedsBuild(): boolean {
  const buildId = join(ROOT, 'web', '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(ROOT, source)) > built);
}
