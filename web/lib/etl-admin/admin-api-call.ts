import 'server-only';
// One call to the etlAdmin function on behalf of an admin, with the ID token of lib/etl-admin/
// admin-token.ts. A 401 means etlAdmin refused the token (revoked elsewhere since it was minted), so
// the token is dropped and the call made once more with a fresh one; etlAdmin checks identity
// before it acts, so a refused call changed nothing and repeating it is safe.
import { etlAdminUrl } from './admin-api-url';
import { forgetIdToken, idTokenFor } from './admin-token';

export interface AdminApiRequest {
  method: 'GET' | 'POST';
  /** The admin API path with its query, e.g. `/runs?pageSize=5`. */
  pathAndQuery: string;
  body?: string;
}

export type AdminApiAnswer = { ok: true; status: number; text: string } | { ok: false };

async function send(request: AdminApiRequest, token: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${etlAdminUrl()}${request.pathAndQuery}`, {
    method: request.method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(request.body !== undefined ? { body: request.body } : {}),
    cache: 'no-store',
  });
  return { status: response.status, text: await response.text() };
}

/** etlAdmin's answer, or `ok: false` when it could not be reached or no ID token could be had (logged here). */
export async function callAdminApi(uid: string, request: AdminApiRequest): Promise<AdminApiAnswer> {
  let stage: 'token' | 'request' = 'token';
  try {
    let token = await idTokenFor(uid);
    stage = 'request';
    let answer = await send(request, token);
    if (answer.status === 401) {
      forgetIdToken(uid, token);
      stage = 'token';
      token = await idTokenFor(uid);
      stage = 'request';
      answer = await send(request, token);
    }
    return { ok: true, ...answer };
  } catch (error) {
    // The detail (host, Auth's reason) stays in the server log; the browser learns only that it failed.
    const cause = (error as { cause?: unknown }).cause;
    console.warn(
      JSON.stringify({
        event: 'adminApiUnreachable',
        uid,
        stage,
        method: request.method,
        message: String(error),
        ...(cause ? { cause: String(cause) } : {}),
      }),
    );
    return { ok: false };
  }
}
