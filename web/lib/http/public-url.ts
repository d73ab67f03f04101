import 'server-only';
// Where a redirect sends the browser. Behind a proxy (App Hosting, Cloud Run) Next builds
// request.url from the address the server is bound to (http://0.0.0.0:8080), which no browser can
// reach, so every Location is built on the configured public origin instead: APP_ORIGIN, required
// outside the emulators (lib/config.ts), or with the emulators the host the browser addressed.
import { appOrigin } from './request-guard';

/** An absolute URL for `path` (with its query) on the dashboard's public origin. */
export function publicUrl(path: string, request: Request): URL {
  if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`publicUrl: "${path}" is not a local path`);
  return new URL(path, appOrigin(request));
}
