// /login?next=: only a path on this origin, resolved as the browser would resolve it; anything
// that could leave the site falls back to /dashboard.
import { DEFAULT_NEXT, sameOriginPath } from '@/lib/http/same-origin-path';

const ORIGIN = 'https://dashboard.trustrails.example';

test.each([
  ['/\\evil.example'],
  ['/\t/evil.example'], // what ?next=/%09/evil.example arrives as
  ['/\n/evil.example'],
  ['//evil.example'],
  ['///evil.example'],
  ['/.//evil.example'],
  ['https://evil.example'],
  ['https://evil.example/dashboard'],
  ['http://dashboard.trustrails.example/dashboard'], // same host, other scheme: another origin
  ['javascript:alert(1)'],
  ['data:text/html,hi'],
  [''],
  [undefined],
  [['/etl', '/dashboard']],
])('%j falls back to /dashboard', (next) => {
  expect(sameOriginPath(next, ORIGIN)).toBe(DEFAULT_NEXT);
});

test.each([
  ['/etl', '/etl'],
  ['/dashboard?custodianId=custodian-alpha', '/dashboard?custodianId=custodian-alpha'],
  ['/etl#runs', '/etl#runs'],
  ['/%09/evil.example', '/%09/evil.example'], // still encoded: a path on this site
  [`${ORIGIN}/etl`, '/etl'],
])('%j stays on the site as %j', (next, path) => {
  expect(sameOriginPath(next, ORIGIN)).toBe(path);
});
