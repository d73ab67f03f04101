// Admin SDK handles for emulator tests. The stack (scripts/stack/exec.ts) sets the *_EMULATOR_HOST
// variables, so these never reach a real project.
import { deleteApp, getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';

export const PROJECT_ID = process.env.GCLOUD_PROJECT ?? 'demo-trustrails';

export function adminApp(): App {
  if (!process.env.FIRESTORE_EMULATOR_HOST)
    throw new Error('emulator tests need FIRESTORE_EMULATOR_HOST (run them through npm test)');
  return getApps()[0] ?? initializeApp({ projectId: PROJECT_ID });
}

export const db = () => getFirestore(adminApp());
export const auth = () => getAuth(adminApp());

export const uniqueId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Ends the Admin SDK's connections so Jest can exit; registered in tests/support/jest-setup.ts. */
export async function closeFirebase(): Promise<void> {
  await Promise.all(getApps().map((app) => deleteApp(app)));
}
