import 'server-only';
// The only place API answers for bad identity or bad input are built, so every route says the
// same thing the same way: 401 no identity, 403 another tenant's data, 400 naming the parameter.
import type { z } from 'zod';

const json = (status: number, body: unknown): Response =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

export const unauthorized = (
  error = 'sign in required: send a session cookie or Authorization: Bearer <ID token>',
): Response => json(401, { error });
export const forbidden = (what = 'this resource'): Response => json(403, { error: `not allowed to read ${what}` });
export const badRequest = (error: string): Response => json(400, { error });
export const crossSiteRefused = (why: string): Response =>
  json(403, { error: `cross-site request refused (${why}): state changes only from the app's own pages` });
export const unsupportedMediaType = (error: string): Response => json(415, { error });
export const payloadTooLarge = (maxBytes: number): Response =>
  json(413, { error: `body: larger than the ${maxBytes}-byte limit` });
export const errorResponse = (status: number, error: string): Response => json(status, { error });
export const ok = (body: unknown): Response => json(200, body);

type ParseResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Validates a URL's query string; a failure names every parameter at fault. */
export function parseQuery<S extends z.ZodType>(schema: S, url: string): ParseResult<z.infer<S>> {
  const params = Object.fromEntries(new URL(url).searchParams);
  const result = schema.safeParse(params);
  if (result.success) return { ok: true, value: result.data };
  const message = result.error.issues
    .map((issue) => {
      const name = issue.path.length > 0 ? issue.path.map(String).join('.') : unknownKeys(issue);
      return `${name}: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, response: badRequest(message) };
}

const unknownKeys = (issue: z.core.$ZodIssue): string =>
  issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(query)';
