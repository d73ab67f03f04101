// `npm run admin-users -- <command>`: production bootstrap and user administration, with the
// Admin SDK and Application Default Credentials (`gcloud auth application-default login`), or
// against the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is set. docs/deploy.md, "Production bootstrap".
//   show <email|uid>                          the user's claims
//   create <email>                            a new email/password user, with a link to set the password
//   grant-admin <email|uid>                   admin: true
//   revoke-admin <email|uid>
//   set-custodian <email|uid> <custodianId>   custodianId: "<id>"
//   clear-custodian <email|uid>
// A claim change also revokes the user's refresh tokens: every session cookie and ID token minted
// before it stops working, so a withdrawn right cannot outlive the change (docs/security-web.md).
// Every claim change is recorded in the admin audit trail (audit.ts), in the project's Firestore.
import { parseArgs } from 'node:util';
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth, type Auth, type UserRecord } from 'firebase-admin/auth';
import { audited } from './audit';
import { applyClaimChange, describeAccess, parseCustodianId, type ClaimChange } from './claims';
import { liveEnv, settings } from '../settings';

const USAGE = `usage: npm run admin-users -- <command> [--project PROJECT_ID]
  show <email|uid>
  create <email>
  grant-admin <email|uid>
  revoke-admin <email|uid>
  set-custodian <email|uid> <custodianId>
  clear-custodian <email|uid>`;

class UsageError extends Error {}

function projectId(flag: string | undefined): string {
  const project = flag ?? settings.cloudProject();
  if (project) return project;
  if (liveEnv().FIREBASE_AUTH_EMULATOR_HOST) return 'demo-trustrails';
  throw new UsageError('no project: pass --project PROJECT_ID or set GOOGLE_CLOUD_PROJECT');
}

async function findUser(auth: Auth, who: string | undefined, project: string): Promise<UserRecord> {
  if (!who) throw new UsageError('name the user by email or uid');
  try {
    return who.includes('@') ? await auth.getUserByEmail(who) : await auth.getUser(who);
  } catch (error) {
    if ((error as { code?: string }).code === 'auth/user-not-found')
      throw new Error(`no user ${who} in project ${project} (create it with: npm run admin-users -- create <email>)`, {
        cause: error,
      });
    throw error;
  }
}

function claimChange(command: string, args: string[]): ClaimChange | null {
  if (command === 'grant-admin' || command === 'revoke-admin' || command === 'clear-custodian') {
    if (args.length > 1) throw new UsageError(`${command} takes one user`);
    return { kind: command };
  }
  if (command === 'set-custodian') {
    if (args.length !== 2) throw new UsageError('set-custodian takes a user and a custodianId');
    return { kind: 'set-custodian', custodianId: parseCustodianId(args[1]) };
  }
  return null;
}

async function changeClaims(app: App, auth: Auth, user: UserRecord, change: ClaimChange): Promise<void> {
  const { claims, changed } = applyClaimChange(user.customClaims ?? {}, change);
  if (!changed) {
    console.log(`${user.email ?? user.uid}: unchanged, ${describeAccess(claims)}`);
    return;
  }
  await audited(app, user, change, claims, async () => {
    await auth.setCustomUserClaims(user.uid, claims);
    await auth.revokeRefreshTokens(user.uid);
  });
  console.log(`${user.email ?? user.uid}: now ${describeAccess(claims)}; sessions revoked, sign in again`);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { project: { type: 'string' } },
    allowPositionals: true,
  });
  const [command, ...args] = positionals;
  if (!command) throw new UsageError('no command');
  const known = ['show', 'create'].includes(command) || claimChange(command, args) !== null;
  if (!known) throw new UsageError(`unknown command ${command}`);
  const project = projectId(values.project);
  // No credential argument: the Admin SDK uses Application Default Credentials (or the emulator).
  const app = getApps()[0] ?? initializeApp({ projectId: project });
  const auth = getAuth(app);
  if (command === 'create') {
    if (args.length !== 1 || !args[0]!.includes('@')) throw new UsageError('create takes one email address');
    const user = await auth.createUser({ email: args[0]! });
    console.log(`created ${user.email} (uid ${user.uid}); send them this link to set a password:`);
    console.log(await auth.generatePasswordResetLink(args[0]!));
    return;
  }
  const user = await findUser(auth, args[0], project);
  if (command === 'show') {
    if (args.length > 1) throw new UsageError('show takes one user');
    console.log(`${user.email ?? user.uid} (uid ${user.uid}): ${describeAccess(user.customClaims ?? {})}`);
    return;
  }
  await changeClaims(app, auth, user, claimChange(command, args)!);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof UsageError ? `${message}\n${USAGE}` : `admin-users: ${message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
