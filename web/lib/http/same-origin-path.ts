// Where /login may send the browser after sign-in: a path on this origin, or /dashboard. The value
// is resolved the way the browser will resolve it (new URL, which drops tabs and newlines and reads
// `\` as `/`), so `/\evil.example`, `/%09/evil.example` and `//evil.example` cannot leave the site.
export const DEFAULT_NEXT = '/dashboard';

export function sameOriginPath(value: unknown, origin: string): string {
  if (typeof value !== 'string' || value.length === 0) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== origin) return DEFAULT_NEXT;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.example` normalises to `//evil.example`, which a browser reads as another host.
  return path.startsWith('//') ? DEFAULT_NEXT : path;
}
