import 'server-only';
// The one gate in front of every state-changing route (session, logout, the admin proxy): a
// request another site made the browser send gets 403, a body not declared as JSON 415 and a body
// over the cap 413, before anything is parsed or changed. Browsers send Origin on every POST and DELETE, and
// Sec-Fetch-Site where they support it; a client that sends neither is not a browser, carries no
// ambient cookie to abuse, and goes on to the identity check as usual.
import { webConfig } from '@/lib/config';
import { badRequest, crossSiteRefused, payloadTooLarge, unsupportedMediaType } from './responses';

/** The web API's bodies are small JSON objects; anything bigger is refused unparsed. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The origin allowed to change state: APP_ORIGIN, or (with the emulators, where it is optional) the
 * host the browser addressed. Next builds request.url from its own hostname, not the Host header.
 */
export function appOrigin(request: Request): string {
  const configured = webConfig().appOrigin;
  if (configured) return configured;
  const url = new URL(request.url);
  const host = request.headers.get('host');
  return host ? `${url.protocol}//${host}` : url.origin;
}

/** 403 for a cross-site request; null when it may go on. */
export function refuseCrossSite(request: Request): Response | null {
  const site = request.headers.get('sec-fetch-site');
  // same-site means a sibling subdomain: still not this origin.
  if (site === 'cross-site' || site === 'same-site') return crossSiteRefused(`Sec-Fetch-Site: ${site}`);
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== appOrigin(request)) return crossSiteRefused(`Origin: ${origin}`);
  return null;
}

/** 415 unless the body is declared JSON: an HTML form can post text/plain across sites, not JSON. */
export function refuseNonJson(request: Request): Response | null {
  const type = request.headers.get('content-type');
  return type !== null && /^application\/json\s*(;|$)/i.test(type.trim())
    ? null
    : unsupportedMediaType('Content-Type must be application/json');
}

type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * The JSON body, read with a byte limit. Content-Length is checked first, but the stream is counted
 * too: a chunked body has no length and a client may send more than it declared. Empty is undefined.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes)
    return { ok: false, response: payloadTooLarge(maxBytes) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader!.cancel().catch(() => undefined);
      return { ok: false, response: payloadTooLarge(maxBytes) };
    }
    chunks.push(chunk.value);
  }
  if (size === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))) };
  } catch {
    return { ok: false, response: badRequest('body: not valid JSON') };
  }
}
