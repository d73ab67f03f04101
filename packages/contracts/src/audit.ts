// The audit trail of admin actions, `etlAudit/{id}`: who (uid, email when known), when, what (the
// action: an admin route's name from the vocabulary, or a claim change of the admin-users CLI),
// with which arguments, and the outcome. Written only by the server (the admin API's dispatch, the
// CLI, with the Admin SDK); clients have no access (firestore.rules). An entry is created before
// the action runs (outcome null) and given its outcome once, when it ends, so no action can happen
// without an entry; an entry whose outcome stayed null ended without one (the process died). Kept
// for good: no TTL (docs/retention.md).
import { z } from 'zod';
import { TimestampLike } from './events';

/** Where an action came from: the admin API (the web's proxy or a direct call), or the claims CLI. */
export const AUDIT_SOURCES = ['admin-api', 'admin-users-cli'] as const;

/** How much of the arguments an entry keeps, as JSON text; longer ones are cut here, and marked. */
export const AUDIT_ARGS_CAP = 4_000;

export const AuditOutcome = z.object({
  ok: z.boolean(),
  /** The HTTP status the API answered (a CLI action: 200 done, 500 failed). */
  status: z.number().int(),
  error: z.string().nullable(),
});
export type AuditOutcome = z.infer<typeof AuditOutcome>;

const AuditFields = {
  source: z.enum(AUDIT_SOURCES),
  /** The route's name in the admin vocabulary (admin-routes.ts), or the CLI's command. */
  action: z.string(),
  uid: z.string(),
  email: z.string().nullable(),
  /** The run acted on, when the action names one (path or body), for the run's own trail. */
  rolloverId: z.string().nullable(),
  /** The request as sent: method and path for the API, the command line's target for the CLI. */
  target: z.string(),
  /** The arguments (the request body, or the CLI's change) as JSON text, at most AUDIT_ARGS_CAP characters. */
  args: z.string(),
  outcome: AuditOutcome.nullable(),
};

/** etlAudit/{id} as stored. */
export const EtlAuditDoc = z.object({ ...AuditFields, at: TimestampLike, endedAt: TimestampLike.nullable() });
export type EtlAuditDoc = z.infer<typeof EtlAuditDoc>;

/** One entry as the admin API sends it: the document's fields, times as ISO strings, and its id. */
export const AdminAuditEntry = z.object({
  id: z.string(),
  ...AuditFields,
  at: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
});
export type AdminAuditEntry = z.infer<typeof AdminAuditEntry>;

/** GET /audit and GET /runs/:id/audit: newest first; nextPageToken is the pageToken of the next page, null on the last. */
export const AdminAuditPage = z.object({ entries: z.array(AdminAuditEntry), nextPageToken: z.string().nullable() });
export type AdminAuditPage = z.infer<typeof AdminAuditPage>;

/** The arguments as the trail keeps them: JSON text, cut at AUDIT_ARGS_CAP characters. */
export function auditArgs(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value ?? {}) ?? 'null';
  } catch {
    text = String(value);
  }
  return text.length > AUDIT_ARGS_CAP
    ? `${text.slice(0, AUDIT_ARGS_CAP)}… (cut at ${AUDIT_ARGS_CAP} of ${text.length})`
    : text;
}
