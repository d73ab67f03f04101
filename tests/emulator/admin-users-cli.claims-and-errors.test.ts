// The bootstrap CLI against the Auth emulator, run as an operator runs it (a child process that
// finds the emulator through FIREBASE_AUTH_EMULATOR_HOST): it grants and revokes admin, assigns and
// clears a custodian, revokes the user's sessions on a change (not on a no-op), creates a user with
// a password link, and refuses bad input with a clear message and a non-zero exit.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { auth, db, uniqueId } from '../support/firebase';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

async function cliWith(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/admin-users/main.ts', ...args],
      {
        cwd: ROOT,
        env,
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
const cli = (...args: string[]) => cliWith(process.env, ...args);

const newUser = async () => auth().createUser({ email: `${uniqueId('ops')}@example.test`, password: 'a-password-1' });
const validAfter = async (uid: string) => Date.parse((await auth().getUser(uid)).tokensValidAfterTime!);
const claims = async (uid: string) => (await auth().getUser(uid)).customClaims ?? {};
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

test('grant-admin and set-custodian set the claims, keep each other, and revoke sessions', async () => {
  const user = await newUser();
  await auth().setCustomUserClaims(user.uid, { team: 'ops' });
  const before = await validAfter(user.uid);
  await nextSecond(); // tokensValidAfterTime has one-second resolution

  const granted = await cli('grant-admin', user.email!);
  expect(granted).toMatchObject({ code: 0 });
  expect(granted.stdout).toMatch(/now admin .*sessions revoked/);
  expect(await claims(user.uid)).toEqual({ team: 'ops', admin: true });
  expect(await validAfter(user.uid)).toBeGreaterThan(before);

  expect((await cli('set-custodian', user.uid, 'custodian-gamma')).code).toBe(0);
  expect(await claims(user.uid)).toEqual({ team: 'ops', admin: true, custodianId: 'custodian-gamma' });
  expect((await cli('show', user.email!)).stdout).toMatch(/admin .* \+ custodian custodian-gamma/);
}, 180_000);

test('revoke-admin and clear-custodian remove them; a no-op change revokes nothing', async () => {
  const user = await newUser();
  await auth().setCustomUserClaims(user.uid, { admin: true, custodianId: 'custodian-alpha' });
  expect((await cli('revoke-admin', user.email!)).code).toBe(0);
  expect(await claims(user.uid)).toEqual({ custodianId: 'custodian-alpha' });
  expect((await cli('clear-custodian', user.email!)).code).toBe(0);
  expect(await claims(user.uid)).toEqual({});

  const settled = await validAfter(user.uid);
  await nextSecond();
  const again = await cli('clear-custodian', user.email!);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/unchanged, no access/);
  expect(await validAfter(user.uid)).toBe(settled);
}, 180_000);

test('each claim change is in the audit trail with its operator, target and outcome; a no-op is not', async () => {
  const user = await newUser();
  const operator = `${uniqueId('operator')}@example.test`;
  const trail = async () =>
    (await db().collection('etlAudit').where('uid', '==', `cli:${operator}`).get()).docs.map((doc) => doc.data());
  const env = { ...process.env, ADMIN_USERS_OPERATOR: operator };
  expect((await cliWith(env, 'grant-admin', user.email!)).code).toBe(0);
  // Unchanged the second time: nothing to record.
  expect((await cliWith(env, 'grant-admin', user.email!)).stdout).toMatch(/unchanged/);

  const entries = await trail();
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    source: 'admin-users-cli',
    action: 'grant-admin',
    email: operator,
    rolloverId: null,
    target: `user ${user.uid} (${user.email})`,
    outcome: { ok: true, status: 200, error: null },
  });
  expect(JSON.parse(entries[0]!.args)).toMatchObject({ user: user.uid, claims: { admin: true } });
  expect(entries[0]!.endedAt).not.toBeNull();
}, 180_000);

test('create makes an email user and prints a link to set the password', async () => {
  const email = `${uniqueId('first-admin')}@example.test`;
  const created = await cli('create', email);
  expect(created.code).toBe(0);
  expect(created.stdout).toMatch(/https?:\/\/\S*oobCode=/);
  expect((await auth().getUserByEmail(email)).customClaims ?? {}).toEqual({});
}, 120_000);

test.each([
  [['grant-admin', 'nobody-here@example.test'], 1, /no user nobody-here@example\.test in project/],
  [['set-custodian', 'someone@example.test', 'a/b'], 1, /custodianId "a\/b" is not valid: must not contain "\/"/],
  [['set-custodian', 'someone@example.test'], 2, /set-custodian takes a user and a custodianId/],
  [['make-god', 'someone@example.test'], 2, /unknown command make-god/],
  [[], 2, /no command[\s\S]*usage: npm run admin-users/],
] as const)(
  '%j exits %i with a clear message',
  async (args, code, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  },
  120_000,
);
