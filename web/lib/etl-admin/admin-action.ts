// POSTs to the admin API through the web proxy, from the monitor's pages, by the route's name in
// the admin vocabulary (@trustrails/contracts/admin-routes): the JSON answer (or its plain fields
// as one line for the page to show), or an Error with the API's own message.
import { adminPath, type AdminRouteName } from '@trustrails/contracts/admin-routes';

export async function adminPost<T = Record<string, unknown>>(
  route: AdminRouteName,
  body: object = {},
  params: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`/api/admin/etl${adminPath(route, params)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `${response.status} ${response.statusText}`);
  return json;
}

export async function adminAction(
  route: AdminRouteName,
  body: object = {},
  params: Record<string, string> = {},
): Promise<string> {
  const json = await adminPost(route, body, params);
  return Object.entries(json)
    .filter(([, value]) => typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}
