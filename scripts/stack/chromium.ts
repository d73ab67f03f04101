// Where the browser of the end-to-end tests and benches is: Debian's chromium, driven by
// playwright-core, which downloads no browser here. One definition, shared by the tests and by
// `npm test`'s preflight, so the preflight refuses exactly when the browser tests could not start.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { liveEnv } from '../settings';

const NAMES = ['chromium', 'chromium-browser'];
const FIX = 'Fix: apt-get install chromium';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH when set, else `chromium` (or `chromium-browser`) on PATH; throws with the fix when there is none. */
export function locateChromium(env: NodeJS.ProcessEnv = liveEnv()): string {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    if (isExecutableFile(chosen)) return chosen;
    throw new Error(`CHROMIUM_PATH is ${chosen}, which is not an executable file. ${FIX}, and unset CHROMIUM_PATH`);
  }
  const folders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const folder of folders)
    for (const name of NAMES) if (isExecutableFile(join(folder, name))) return join(folder, name);
  throw new Error(
    `Chromium was not found on PATH; the end-to-end tests drive Debian's chromium. ${FIX} (or set CHROMIUM_PATH)`,
  );
}
