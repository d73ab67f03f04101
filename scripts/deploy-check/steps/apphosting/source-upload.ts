// What `firebase deploy --only apphosting` would upload, computed with firebase-tools' own code:
// the `apphosting` entry of firebase.json is checked against firebase-tools' schema, and its source
// archive is built by firebase-tools' createArchive (the whole project folder, minus `ignore` and
// .gitignore; App Hosting then builds in rootDir). The build needs the workspace packages and the
// lockfile beside the app, so they must be in the archive, and no dependency or build folder may be.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../stack/ports';

export interface AppHostingEntry {
  backendId: string;
  rootDir: string;
  ignore: string[];
  alwaysDeployFromSource?: boolean;
}

const TOOLS = join(ROOT, 'node_modules', 'firebase-tools');
/** Files without which the App Hosting build in web/ cannot resolve @trustrails/* or install. */
export const MUST_UPLOAD = [
  'package.json',
  'package-lock.json',
  'web/package.json',
  'web/apphosting.yaml',
  'web/next.config.ts',
  'packages/contracts/package.json',
  'packages/warehouse/package.json',
];
const MUST_NOT_UPLOAD = /(^|\/)(node_modules|\.git|\.next|\.apphosting)\//;

/** The single `apphosting` backend of firebase.json, with the fields firebase-tools requires. */
export function appHostingEntry(): AppHostingEntry {
  const config = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8')) as { apphosting?: unknown };
  if (!config.apphosting)
    throw new Error('firebase.json has no "apphosting" entry, so `firebase deploy --only apphosting` deploys nothing');
  const entries = (Array.isArray(config.apphosting) ? config.apphosting : [config.apphosting]) as AppHostingEntry[];
  const schema = JSON.parse(readFileSync(join(TOOLS, 'schema', 'firebase-config.json'), 'utf8')) as {
    properties: { apphosting: { anyOf: { required?: string[]; properties?: Record<string, unknown> }[] } };
  };
  const shape = schema.properties.apphosting.anyOf.find((option) => option.required)!;
  for (const entry of entries) {
    const missing = shape.required!.filter((key) => !(key in entry));
    const unknown = Object.keys(entry).filter((key) => !(key in shape.properties!));
    if (missing.length || unknown.length)
      throw new Error(
        `firebase.json apphosting entry ${JSON.stringify(entry.backendId)}: ` +
          `${missing.length ? `missing ${missing.join(', ')}` : ''}${unknown.length ? ` unknown ${unknown.join(', ')}` : ''} ` +
          `(firebase-tools schema requires ${shape.required!.join(', ')})`,
      );
  }
  const web = entries.find((entry) => entry.rootDir.replace(/\/+$/, '') === 'web');
  if (!web) throw new Error('firebase.json apphosting has no backend with rootDir "web"');
  return web;
}

/** The file names firebase-tools would zip for this backend (it reads entry.ignore and .gitignore). */
export async function uploadedFiles(entry: AppHostingEntry): Promise<string[]> {
  const { createArchive } = require(join(TOOLS, 'lib', 'deploy', 'apphosting', 'util.js')) as {
    createArchive: (config: AppHostingEntry, rootDir: string, targetSubDir?: string) => Promise<string>;
  };
  // createArchive appends to `ignore`: hand it a copy, as firebase.json is read once per deploy.
  const zip = await createArchive({ ...entry, ignore: [...entry.ignore] }, ROOT);
  try {
    return execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\n')
      .filter(Boolean);
  } finally {
    rmSync(zip, { force: true });
  }
}

/** Throws naming what the upload lacks or wrongly carries. */
export function checkUpload(files: string[]): void {
  const present = new Set(files);
  const missing = MUST_UPLOAD.filter((file) => !present.has(file));
  if (!files.some((file) => file.startsWith('packages/contracts/src/')))
    missing.push('packages/contracts/src/ (the workspace package the web transpiles)');
  if (missing.length) throw new Error(`the App Hosting source upload lacks ${missing.join(', ')}`);
  const stray = files.filter((file) => MUST_NOT_UPLOAD.test(file)).slice(0, 5);
  if (stray.length)
    throw new Error(`the App Hosting source upload carries build or dependency files: ${stray.join(', ')}`);
}
