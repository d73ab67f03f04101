// The security headers of every response, built per request by web/proxy.ts. No `server-only`
// import: nothing here is secret (the nonce is made fresh per request and sent to the browser
// anyway), and the pure functions are tested as they are.

export interface EdgeRequest {
  /** The URL as the server saw it (its protocol is http behind a TLS-terminating proxy). */
  url: URL;
  /** The first hop's `x-forwarded-proto`, when a proxy in front of us set one. */
  forwardedProto: string | null;
  nonce: string;
  development: boolean;
  /** host:port of the Firebase Auth emulator the login form talks to, when there is one. */
  authEmulatorHost?: string;
}

// Where the Firebase Auth client SDK signs in and refreshes tokens in production.
const FIREBASE_AUTH_ORIGINS = ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com'];

export function servedOverHttps(request: Pick<EdgeRequest, 'url' | 'forwardedProto'>): boolean {
  const forwarded = request.forwardedProto?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || request.url.protocol === 'https:';
}

/**
 * A strict policy as Next.js documents it for the app router: scripts only with this request's
 * nonce, and what those load ('strict-dynamic'). Style attributes stay allowed (style-src-attr):
 * React renders `style={…}` as attributes, which a nonce cannot cover, and they cannot run code.
 */
export function contentSecurityPolicy(request: EdgeRequest): string {
  const connect = ["'self'", ...FIREBASE_AUTH_ORIGINS];
  if (request.authEmulatorHost) connect.push(`http://${request.authEmulatorHost}`);
  const directives = [
    "default-src 'self'",
    // 'unsafe-eval' only for `next dev`, whose React debugging evaluates code; never in a build.
    `script-src 'self' 'nonce-${request.nonce}' 'strict-dynamic'${request.development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${request.nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (servedOverHttps(request)) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** The headers every response gets, whatever route produced it. */
export function edgeResponseHeaders(request: EdgeRequest): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(request),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // Browsers ignore HSTS over plain http, and sending it there would only mislead; two years,
    // as preload lists expect.
    ...(servedOverHttps(request) ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/** Whether every percent-escape in the path decodes; routing would otherwise fail with a 500. */
export function hasWellFormedEscapes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
