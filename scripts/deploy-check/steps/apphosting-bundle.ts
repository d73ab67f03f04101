// Rehearses `firebase deploy --only apphosting` offline with the tools' own code: firebase.json's
// backend entry and the source firebase-tools would upload, App Hosting's Next.js adapter build
// in web/, and a smoke test of the bundle it writes (docs/deploy.md, "The web on App Hosting").
import { runAdapterBuild, readOutputBundle } from './apphosting/adapter-build';
import { smokeTestBundle } from './apphosting/bundle-smoke';
import { checkRunConfig, readAppHostingYaml } from './apphosting/runtime-env';
import { appHostingEntry, checkUpload, uploadedFiles } from './apphosting/source-upload';

export async function appHostingBundle(log: (line: string) => void): Promise<void> {
  const entry = appHostingEntry();
  log(`apphosting: backend ${entry.backendId}, rootDir ${entry.rootDir}`);
  const yaml = readAppHostingYaml();
  checkRunConfig(yaml);
  const files = await uploadedFiles(entry);
  checkUpload(files);
  log(`apphosting: firebase-tools would upload ${files.length} files, the workspace packages and lockfile among them`);

  log('apphosting: apphosting-adapter-nextjs-build in web/ (a production Next build; minutes on a busy machine)');
  const started = Date.now();
  await runAdapterBuild(log);
  const bundle = readOutputBundle();
  log(
    `apphosting: adapter built in ${Math.round((Date.now() - started) / 1000)} s; runCommand \`${bundle.runCommand}\``,
  );

  await smokeTestBundle(bundle, yaml, log);
  log('apphosting: the bundle serves /login, its assets and redirects on the public origin');
}
