// Admin API identity: a Firebase ID token with the `admin` claim, nothing else.
import { getAuth } from 'firebase-admin/auth';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function requireAdmin(authorization: string | undefined): Promise<{ uid: string }> {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!match) throw new HttpError(401, 'missing Authorization: Bearer <Firebase ID token>');
  let token;
  try {
    token = await getAuth().verifyIdToken(match[1]!);
  } catch {
    throw new HttpError(401, 'invalid or expired ID token');
  }
  if (token.admin !== true) throw new HttpError(403, 'the admin claim is required');
  return { uid: token.uid };
}
