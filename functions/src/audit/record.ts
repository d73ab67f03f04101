// Writes the audit trail (etlAudit, packages/contracts audit.ts): an entry is created before the
// action runs and given its outcome when it ends, so an action never happens unrecorded: if the
// entry cannot be written, the action does not run (the caller gets 500).
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, auditArgs, type AuditOutcome, type EtlAuditDoc } from '@trustrails/contracts';
import { logs } from '../logs';

export interface AuditStart {
  action: string;
  uid: string;
  email: string | null;
  rolloverId: string | null;
  target: string;
  args: unknown;
}

export interface OpenAuditEntry {
  id: string;
  /** Records how the action ended; a failure to record is logged, not thrown, since the action is done. */
  end(outcome: AuditOutcome): Promise<void>;
}

export async function beginAudit(db: Firestore, start: AuditStart): Promise<OpenAuditEntry> {
  const ref = db.collection(COLLECTIONS.etlAudit).doc();
  await ref.create({
    source: 'admin-api',
    action: start.action,
    uid: start.uid,
    email: start.email,
    rolloverId: start.rolloverId,
    target: start.target,
    args: auditArgs(start.args),
    outcome: null,
    at: FieldValue.serverTimestamp(),
    endedAt: null,
  } satisfies Record<keyof EtlAuditDoc, unknown>);
  return {
    id: ref.id,
    async end(outcome) {
      try {
        await ref.update({ outcome, endedAt: FieldValue.serverTimestamp() });
      } catch (error) {
        logs.auditOutcomeLost({
          auditId: ref.id,
          action: start.action,
          status: outcome.status,
          message: String(error),
        });
      }
    },
  };
}
