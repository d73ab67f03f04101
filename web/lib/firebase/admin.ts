import 'server-only';
// The one firebase-admin app of the web server process. The project id comes from the settings;
// firebase-admin itself picks up FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST.
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { webConfig } from '@/lib/config';

export const projectId = (): string => webConfig().projectId;

export function adminApp(): App {
  return getApps()[0] ?? initializeApp({ projectId: projectId() });
}

export const adminAuth = (): Auth => getAuth(adminApp());
export const adminDb = (): Firestore => getFirestore(adminApp());
