import 'server-only';
// Route handlers' identity check as an answer: the Identity, or the Response to send instead —
// 400 for a session cookie whose percent-escapes do not decode (a malformed request, not a
// missing session), 401 for no or no valid credential.
import { badRequest, unauthorized } from '@/lib/http/responses';
import { credentialOf, resolveIdentity, type Identity } from './identity';

export async function requireIdentity(request: Request): Promise<Identity | Response> {
  const credential = credentialOf(request);
  if (credential.kind === 'malformed') return badRequest(credential.reason);
  return (await resolveIdentity(request)) ?? unauthorized();
}
