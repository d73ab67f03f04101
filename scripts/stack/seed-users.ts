// Creates (or refreshes) the demo users in the Auth emulator with their custom claims.
// Idempotent, so every `npm start` can run it against persisted emulator data.
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { DEMO_PASSWORD, DEMO_USERS } from './demo';
import { PROJECT_ID } from './ports';
import { liveEnv } from '../settings';

export async function seedDemoUsers(): Promise<string[]> {
  if (!liveEnv().FIREBASE_AUTH_EMULATOR_HOST) {
    throw new Error('refusing to seed demo users: FIREBASE_AUTH_EMULATOR_HOST is not set (not an emulator)');
  }
  const app = getApps()[0] ?? initializeApp({ projectId: PROJECT_ID });
  const auth = getAuth(app);
  const uids: string[] = [];
  for (const user of DEMO_USERS) {
    const existing = await auth.getUserByEmail(user.email).catch(() => null);
    const record = existing
      ? await auth.updateUser(existing.uid, { password: DEMO_PASSWORD, displayName: user.displayName })
      : await auth.createUser({
          email: user.email,
          password: DEMO_PASSWORD,
          displayName: user.displayName,
          emailVerified: true,
        });
    await auth.setCustomUserClaims(record.uid, user.claims);
    uids.push(record.uid);
  }
  return uids;
}
