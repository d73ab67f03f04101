// `npm run deploy:check:web`: only the App Hosting rehearsal of `npm run deploy:check`.
import { appHostingBundle } from './steps/apphosting-bundle';

appHostingBundle((line) => console.log(line)).then(
  () => console.log('deploy:check:web passed'),
  (error: unknown) => {
    console.error(`deploy:check:web FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
