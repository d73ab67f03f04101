// Claim changes go into the admin audit trail (etlAudit, packages/contracts audit.ts) like the
// admin API's actions: an entry before the change, its outcome after, so a change never happens
// unrecorded (if the entry cannot be written, nothing is changed). The operator is who runs the
// CLI with Application Default Credentials, which name no Firebase user: the entry records
// `cli:<os user>@<host>`, or ADMIN_USERS_OPERATOR when set (an email, say).
import { hostname, userInfo } from 'node:os';
import type { App } from 'firebase-admin/app';
import type { UserRecord } from 'firebase-admin/auth';
import { FieldValue, getFirestore } from 'firebase-admin/firestore';
import { COLLECTIONS, auditArgs, type AuditOutcome, type EtlAuditDoc } from '@trustrails/contracts';
import type { Claims, ClaimChange } from './claims';
import { settings } from '../settings';

export function operator(): { uid: string; email: string | null } {
  const named = settings.adminUsersOperator();
  if (named) return { uid: `cli:${named}`, email: named.includes('@') ? named : null };
  return { uid: `cli:${userInfo().username}@${hostname()}`, email: null };
}

/** Records the change to `user`'s claims, runs it, and records how it ended. */
export async function audited(
  app: App,
  user: UserRecord,
  change: ClaimChange,
  claims: Claims,
  apply: () => Promise<void>,
): Promise<void> {
  const ref = getFirestore(app).collection(COLLECTIONS.etlAudit).doc();
  const who = operator();
  await ref.create({
    source: 'admin-users-cli',
    action: change.kind,
    uid: who.uid,
    email: who.email,
    rolloverId: null,
    target: `user ${user.uid}${user.email ? ` (${user.email})` : ''}`,
    args: auditArgs({ user: user.uid, change, claims }),
    outcome: null,
    at: FieldValue.serverTimestamp(),
    endedAt: null,
  } satisfies Record<keyof EtlAuditDoc, unknown>);
  const end = (outcome: AuditOutcome) => ref.update({ outcome, endedAt: FieldValue.serverTimestamp() });
  try {
    await apply();
  } catch (error) {
    await end({ ok: false, status: 500, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await end({ ok: true, status: 200, error: null });
}
