import 'server-only';
// The session cookie: its name, lifetime and Set-Cookie strings. `__session` is the one cookie
// name Firebase Hosting forwards to the backend.
import { webConfig } from '@/lib/config';

export const SESSION_COOKIE = '__session';
export const SESSION_MAX_AGE_MS = 5 * 24 * 60 * 60 * 1000;

// Secure in production; the local stack serves plain http, where browsers would drop the cookie.
const secure = (): string => (webConfig().production && !webConfig().authEmulatorHost ? '; Secure' : '');

export const sessionSetCookie = (value: string): string =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_MS / 1000}${secure()}`;

export const sessionClearCookie = (): string =>
  `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure()}`;

export type CookieValue = { ok: true; value: string } | { ok: false };

/** The named cookie, decoded; `{ ok: false }` when its percent-escapes do not decode. Other cookies are not read. */
export function readCookie(header: string | null | undefined, name: string): CookieValue | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return { ok: true, value: decodeURIComponent(part.slice(eq + 1).trim()) };
    } catch {
      return { ok: false };
    }
  }
  return undefined;
}
