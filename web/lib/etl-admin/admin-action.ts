// POSTs to the admin API through the web proxy, from the monitor's pages: the JSON answer (or its
// plain fields as one line for the page to show), or an Error with the API's own message.
export async function adminPost<T = Record<string, unknown>>(path: string, body: object = {}): Promise<T> {
  const response = await fetch(`/api/admin/etl/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `${response.status} ${response.statusText}`);
  return json;
}

export async function adminAction(path: string, body: object = {}): Promise<string> {
  const json = await adminPost(path, body);
  return Object.entries(json)
    .filter(([, value]) => typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}
