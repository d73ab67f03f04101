// Calls the real etlAdmin HTTPS function on the Functions emulator; every JSON answer is held to
// its schema in @trustrails/contracts (admin-contract.ts), so a drift fails the calling test.
import { checkAdminResponse } from './admin-contract';

export const adminApiUrl = () =>
  `http://${process.env.FUNCTIONS_EMULATOR_HOST ?? '127.0.0.1:5001'}/${process.env.GCLOUD_PROJECT ?? 'demo-trustrails'}/us-central1/etlAdmin`;

export async function adminApi(
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; timeoutMs?: number } = {},
) {
  const response = await fetch(`${adminApiUrl()}${path}`, {
    method,
    // The emulator never answers a request whose worker failed to start; do not wait forever.
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
  });
  const text = await response.text();
  // Checked against the contract below, then read structurally by the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  checkAdminResponse(method, path, response.status, body);
  return { status: response.status, body };
}
