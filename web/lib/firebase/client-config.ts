import 'server-only';
// The browser's Firebase config, handed to client components at request time (never baked in at
// build), so one build runs against the emulator and production alike.
import { projectId } from './admin';

export interface ClientFirebaseConfig {
  apiKey: string;
  projectId: string;
  authDomain?: string;
  /** host:port of the Auth emulator, when there is one. */
  authEmulatorHost?: string;
}

export function clientFirebaseConfig(): ClientFirebaseConfig {
  const emulator = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  return {
    apiKey: process.env.FIREBASE_API_KEY ?? 'demo-api-key',
    projectId: projectId(),
    ...(process.env.FIREBASE_AUTH_DOMAIN ? { authDomain: process.env.FIREBASE_AUTH_DOMAIN } : {}),
    ...(emulator ? { authEmulatorHost: emulator } : {}),
  };
}
