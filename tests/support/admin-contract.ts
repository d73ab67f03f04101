// The admin API's contract as the tests hold the handler to it: every answer adminApi() reads is
// parsed with its schema from @trustrails/contracts, and must come back from the parse unchanged.
// A field the handler drops or mistypes fails the parse; a field it sends that the contract does
// not name is stripped by the parse and so fails the comparison. Either way the test that made the
// call fails, naming the route and the difference.
import { isDeepStrictEqual } from 'node:util';
import { ADMIN_ROUTE_SCHEMAS, AdminError, describeZodError, matchAdminRoute } from '@trustrails/contracts';

interface Schema {
  safeParse(
    value: unknown,
  ): { success: true; data: unknown } | { success: false; error: Parameters<typeof describeZodError>[0] };
}

/** The schema of a successful answer: the route's, from the admin vocabulary; undefined for no route. */
export function responseSchema(method: string, path: string): Schema | undefined {
  const segments = path.split('?')[0]!.replace(/\/+$/, '').slice(1).split('/');
  const match = matchAdminRoute(method, segments);
  return match ? ADMIN_ROUTE_SCHEMAS[match.name].answer : undefined;
}

/** Throws when `body` is not exactly what the contract says `method path` answers with `status`. */
export function checkAdminResponse(method: string, path: string, status: number, body: unknown) {
  // Non-JSON answers (the emulator's own errors) are left to the test's status assertions.
  if (typeof body !== 'object' || body === null) return;
  const schema = status >= 200 && status < 300 ? responseSchema(method, path) : AdminError;
  if (!schema) return;
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new Error(`${method} ${path} (${status}) breaks the contract: ${describeZodError(parsed.error).message}`);
  if (!isDeepStrictEqual(parsed.data, body))
    throw new Error(
      `${method} ${path} (${status}) sends fields the contract does not name: ${JSON.stringify(extraFields(body, parsed.data))}`,
    );
}

/** The paths present in `raw` but not in `parsed` (what a non-strict parse stripped). */
function extraFields(raw: unknown, parsed: unknown, at = ''): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  if (typeof parsed !== 'object' || parsed === null) return [at || '(root)'];
  return Object.entries(raw).flatMap(([key, value]) =>
    key in parsed
      ? extraFields(value, (parsed as Record<string, unknown>)[key], `${at}${at ? '.' : ''}${key}`)
      : [`${at}${at ? '.' : ''}${key}`],
  );
}
