import 'server-only';
// The browser's Firebase config, handed to client components at request time (never baked in at
// build), so one build runs against the emulator and production alike.
import { webConfig } from '@/lib/config';

export interface ClientFirebaseConfig {
  apiKey: string;
  projectId: string;
  authDomain?: string;
  /** host:port of the Auth emulator, when there is one. */
  authEmulatorHost?: string;
}

export function clientFirebaseConfig(): ClientFirebaseConfig {
  const config = webConfig();
  return {
    apiKey: config.firebaseApiKey,
    projectId: config.projectId,
    ...(config.firebaseAuthDomain ? { authDomain: config.firebaseAuthDomain } : {}),
    ...(config.authEmulatorHost ? { authEmulatorHost: config.authEmulatorHost } : {}),
  };
}
