// Cross-origin access to etlAdmin: the configured web origin only. A request that carries any
// other Origin is refused before it is authenticated, preflight or not, and gets no
// Access-Control-Allow-Origin; callers without an Origin (servers, the CLI) are not browsers and pass.

export interface CorsOutcome {
  headers: Record<string, string>;
  /** Set when the request is answered here: a refused origin, or an allowed preflight. */
  answer: { status: number; body: unknown } | null;
}

export function corsPolicy(method: string, origin: string | undefined, allowedOrigin: string | null): CorsOutcome {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin === undefined) return { headers, answer: null };
  if (origin !== allowedOrigin) {
    return { headers, answer: { status: 403, body: { error: `origin ${origin} may not call the admin API` } } };
  }
  headers['access-control-allow-origin'] = origin;
  if (method.toUpperCase() !== 'OPTIONS') return { headers, answer: null };
  headers['access-control-allow-methods'] = 'GET, POST';
  headers['access-control-allow-headers'] = 'authorization, content-type';
  headers['access-control-max-age'] = '600';
  return { headers, answer: { status: 204, body: null } };
}
