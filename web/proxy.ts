// Runs before every route (Next.js 16's Proxy, formerly middleware): refuses paths whose
// percent-escapes do not decode, and gives every response the security headers of
// lib/security/edge-headers.ts, with a CSP nonce that Next.js reads back from the request's
// Content-Security-Policy header and puts on its own scripts. Streams pass through untouched:
// NextResponse.next() only adds headers, the route handler's body is not buffered.
// Its settings come from lib/config.ts like every route's: Next 16 runs the Proxy in the Node.js
// runtime and builds it as server code, so the config module (server-only) loads here too.
import { NextResponse, type NextRequest } from 'next/server';
import { webConfig } from './lib/config';
import { edgeResponseHeaders, hasWellFormedEscapes } from './lib/security/edge-headers';

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const { development, authEmulatorHost } = webConfig();
  const headers = edgeResponseHeaders({
    url: request.nextUrl,
    forwardedProto: request.headers.get('x-forwarded-proto'),
    nonce,
    development,
    ...(authEmulatorHost ? { authEmulatorHost } : {}),
  });
  if (!hasWellFormedEscapes(request.nextUrl.pathname)) {
    const refused = NextResponse.json({ error: 'path: malformed percent-escape' }, { status: 400 });
    for (const [name, value] of Object.entries(headers)) refused.headers.set(name, value);
    return refused;
  }
  const forwarded = new Headers(request.headers);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static assets are content-hashed files that carry no markup to protect.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
