// Runs after `next build`. When Next wrote a standalone server (App Hosting's adapter asks for one
// with NEXT_PRIVATE_STANDALONE), it mirrors the workspace under .next/standalone: the server is
// web/server.js, beside the hoisted node_modules it needs. The adapter (14.0.x) expects the app at
// the standalone root, as in a single-package repo: it edits .next/routes-manifest.json there, copies
// the static assets to .next/static there and runs `node .next/standalone/server.js`. So the root
// gets an entry that starts the real server and a .next link to the real build folder; everything
// stays where Next traced it. Without a standalone build (npm start, the tests) this does nothing.
import { existsSync, lstatSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(dirname(fileURLToPath(import.meta.url)));
const standalone = join(web, '.next', 'standalone');
// next.config.ts sets outputFileTracingRoot to the repository root, so the app sits at its path from there.
const appInStandalone = relative(dirname(web), web);
const server = join(standalone, appInStandalone, 'server.js');

if (!existsSync(server)) process.exit(0);

writeFileSync(
  join(standalone, 'server.js'),
  `// Written by web/scripts/standalone-entry.mjs: the app's standalone server lives in ${appInStandalone}/.\n` +
    `require('./${appInStandalone}/server.js');\n`,
);
const link = join(standalone, '.next');
if (existsSync(link) || isLink(link)) rmSync(link, { recursive: true, force: true });
symlinkSync(join(appInStandalone, '.next'), link, 'dir');
console.log(`standalone entry: .next/standalone/server.js starts ${appInStandalone}/server.js`);

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
