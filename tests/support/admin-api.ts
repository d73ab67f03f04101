// Calls the real etlAdmin HTTPS function on the Functions emulator.
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
  // Tests assert on whatever shape the API answered; JSON bodies are read structurally.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}
