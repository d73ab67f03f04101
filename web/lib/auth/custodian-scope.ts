import 'server-only';
// Which custodian an analytics request is about: the one asked for, or a custodian user's own.
// An admin must name one; anyone else may only name their own (docs/contracts/identity.md).
import { badRequest, forbidden } from '@/lib/http/responses';
import { canReadCustodian, type Identity } from './identity';

/** The custodian to read, or the 400/403 answer to return instead. */
export function custodianInScope(identity: Identity, requested: string | undefined): string | Response {
  const custodianId = requested ?? (identity.admin ? undefined : identity.custodianId);
  if (!custodianId) {
    return identity.admin
      ? badRequest('custodianId: required for admin users')
      : forbidden('analytics without a custodian');
  }
  return canReadCustodian(identity, custodianId) ? custodianId : forbidden(`custodian ${custodianId}`);
}
