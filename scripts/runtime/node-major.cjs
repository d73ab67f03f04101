// The Node major that every script, test and emulator worker of this project runs on: production's
// (functions run on nodejs22, App Hosting on Node 22). package.json "engines" holds it, and the npm
// registry's `node` package (a devDependency) brings that Node into node_modules/.bin/node. npm and
// npx put node_modules/.bin first on PATH, so `npm test`, `npm start`, `npx jest` and `npx node …`
// run on it; a bare `node …` from a shell runs the machine's Node, which this check refuses.
// CommonJS, so that jest.config.js can load it as well as the TypeScript scripts.
const { readFileSync } = require('node:fs');
const { delimiter, dirname, join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

/** The major of package.json's `engines.node` ("22.x"). */
function requiredNodeMajor() {
  const range = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
  const match = /^(\d+)\.x$/.exec(range);
  if (!match) throw new Error(`package.json engines.node is "${range}"; expected one major, as "22.x"`);
  return Number(match[1]);
}

/**
 * Throws, naming the one-line fix, when `what` runs on another Node major than the project's.
 * `version` is the running Node's unless given (the preflight's tests pass another).
 */
function assertNodeMajor(what, version = process.versions.node) {
  const required = requiredNodeMajor();
  const running = Number(version.split('.')[0]);
  if (running !== required)
    throw new Error(
      `${what} runs on Node v${version} (${process.execPath}), but this project runs on Node ${required}. ` +
        `Fix: run it through npm or npx (npm test, npm start, npx jest, npx node --import tsx …), which use ` +
        `node_modules/.bin/node; or: export PATH="${join(ROOT, 'node_modules', '.bin')}:$PATH" ` +
        `(run npm install first if node_modules/.bin/node is missing).`,
    );
  assertInstalledOnThisMajor(required);
}

/**
 * npm running on an older Node silently skips optional dependencies whose engines need a newer one:
 * firebase-admin 14's Firestore client (@google-cloud/firestore, node >=22) among them, and then
 * every Firestore call fails at run time. Native addons would also be built for the wrong Node.
 */
function assertInstalledOnThisMajor(required) {
  try {
    const admin = dirname(require.resolve('firebase-admin', { paths: [ROOT] }));
    require.resolve('@google-cloud/firestore', { paths: [admin] });
  } catch {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.node;
    throw new Error(
      `node_modules lacks firebase-admin's Firestore client: npm installed it on a Node older than ${required}, ` +
        `which skips dependencies that need Node ${required}. Fix: npx -y -p node@${version} npm ci`,
    );
  }
}

/** Puts the running Node's folder first on PATH, so children started as `node`, `npm` or a `#!/usr/bin/env node` tool run on it too. */
function useThisNodeForChildren() {
  const folder = dirname(process.execPath);
  const rest = (process.env.PATH ?? '').split(delimiter).filter((entry) => entry !== folder);
  process.env.PATH = [folder, ...rest].join(delimiter);
}

module.exports = { requiredNodeMajor, assertNodeMajor, useThisNodeForChildren };
