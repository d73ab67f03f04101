// The edge's header policy as a pure function: what changes with HTTPS, development and the Auth
// emulator, and what never does. The served headers are checked in tests/e2e/web-edge.*.
import { contentSecurityPolicy, edgeResponseHeaders, hasWellFormedEscapes } from '@/lib/security/edge-headers';

const base = {
  url: new URL('http://127.0.0.1:3000/login'),
  forwardedProto: null,
  nonce: 'bm9uY2Utbm9uY2U=',
  development: false,
};

describe('edge headers', () => {
  it('sends HSTS and upgrades requests only over HTTPS, direct or behind a proxy', () => {
    expect(edgeResponseHeaders(base)['Strict-Transport-Security']).toBeUndefined();
    expect(contentSecurityPolicy(base)).not.toContain('upgrade-insecure-requests');
    for (const https of [
      { ...base, forwardedProto: 'https' },
      { ...base, forwardedProto: 'HTTPS, http' },
      { ...base, url: new URL('https://dash.example/login') },
    ]) {
      expect(edgeResponseHeaders(https)['Strict-Transport-Security']).toMatch(/^max-age=63072000/);
      expect(contentSecurityPolicy(https)).toContain('upgrade-insecure-requests');
    }
    expect(
      edgeResponseHeaders({ ...base, forwardedProto: 'http, https' })['Strict-Transport-Security'],
    ).toBeUndefined();
  });

  it('allows eval only in development and the Auth emulator only when there is one', () => {
    expect(contentSecurityPolicy(base)).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy({ ...base, development: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(base)).not.toContain('http://');
    expect(contentSecurityPolicy({ ...base, authEmulatorHost: '127.0.0.1:9099' })).toContain('http://127.0.0.1:9099');
  });

  it('always refuses framing and carries the nonce with strict-dynamic', () => {
    const csp = contentSecurityPolicy(base);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`script-src 'self' 'nonce-${base.nonce}' 'strict-dynamic'`);
    expect(edgeResponseHeaders(base)['X-Content-Type-Options']).toBe('nosniff');
  });

  it('tells malformed percent-escapes from well-formed ones', () => {
    expect(hasWellFormedEscapes('/api/%E0%A4%A8')).toBe(true);
    expect(hasWellFormedEscapes('/dashboard/a%20b')).toBe(true);
    for (const bad of ['/api/%E0%A4%A', '/dashboard/%', '/x/%zz', '/%C0%AF'])
      expect(hasWellFormedEscapes(bad)).toBe(false);
  });
});
