// The custom claims the dashboard and the admin API read (docs/contracts/identity.md): `admin: true`
// sees everything, `custodianId: "<id>"` sees one custodian's transfers. Each change keeps the
// user's other claims, and an unchanged result is reported as such so nothing is revoked for it.
import { documentId } from '@trustrails/contracts';

export type Claims = Record<string, unknown>;

export type ClaimChange =
  | { kind: 'grant-admin' }
  | { kind: 'revoke-admin' }
  | { kind: 'set-custodian'; custodianId: string }
  | { kind: 'clear-custodian' };

// Custodian ids name Firestore documents and SQL rows: the same rules as every other id.
const CustodianId = documentId(256);

/** Throws a message naming what is wrong with `value` as a custodian id. */
export function parseCustodianId(value: string | undefined): string {
  const parsed = CustodianId.safeParse(value ?? '');
  if (!parsed.success)
    throw new Error(
      `custodianId ${JSON.stringify(value ?? '')} is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  if (parsed.data !== value) throw new Error(`custodianId ${JSON.stringify(value)} has surrounding whitespace`);
  return parsed.data;
}

/** The claims after `change`, and whether they differ from `current`. */
export function applyClaimChange(current: Claims, change: ClaimChange): { claims: Claims; changed: boolean } {
  const next: Claims = { ...current };
  if (change.kind === 'grant-admin') next.admin = true;
  if (change.kind === 'revoke-admin') delete next.admin;
  if (change.kind === 'set-custodian') next.custodianId = change.custodianId;
  if (change.kind === 'clear-custodian') delete next.custodianId;
  return { claims: next, changed: JSON.stringify(sorted(next)) !== JSON.stringify(sorted(current)) };
}

const sorted = (claims: Claims): [string, unknown][] => Object.entries(claims).sort(([a], [b]) => a.localeCompare(b));

/** One line for the operator: what this user may see. */
export function describeAccess(claims: Claims): string {
  const parts: string[] = [];
  if (claims.admin === true) parts.push('admin (every custodian, the ETL monitor and the admin API)');
  if (typeof claims.custodianId === 'string') parts.push(`custodian ${claims.custodianId}`);
  return parts.length ? parts.join(' + ') : 'no access (no admin or custodianId claim)';
}
