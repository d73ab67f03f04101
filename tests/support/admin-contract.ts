// The admin API's contract as the tests hold the handler to it: every answer adminApi() reads is
// parsed with its schema from @trustrails/contracts, and must come back from the parse unchanged.
// A field the handler drops or mistypes fails the parse; a field it sends that the contract does
// not name is stripped by the parse and so fails the comparison. Either way the test that made the
// call fails, naming the route and the difference.
import { isDeepStrictEqual } from 'node:util';
import {
  AdminBackfillReport,
  AdminDeadLettersPage,
  AdminError,
  AdminHealth,
  AdminRedriveReport,
  AdminRetryAllOutcome,
  AdminRetryOutcome,
  AdminRunControlOutcome,
  AdminRunDetail,
  AdminRunsPage,
  AdminScheduleStatus,
  AdminStatusCounts,
  AdminSweepReport,
  AlertsResponse,
  DataQualityReport,
  describeZodError,
} from '@trustrails/contracts';

interface Schema {
  safeParse(
    value: unknown,
  ): { success: true; data: unknown } | { success: false; error: Parameters<typeof describeZodError>[0] };
}

/** The schema of a successful answer; undefined for routes the contract does not describe yet. */
export function responseSchema(method: string, path: string, requestBody: unknown): Schema | undefined {
  const route = `${method.toUpperCase()} ${path.split('?')[0]!.replace(/\/+$/, '')}`;
  const body = (requestBody ?? {}) as { allFailed?: unknown; rolloverId?: unknown };
  if (/^POST \/runs\/[^/]+\/(cancel|resume|requeue)$/.test(route)) return AdminRunControlOutcome;
  if (route === 'POST /runs/status') return AdminStatusCounts;
  if (/^GET \/runs\/[^/]+$/.test(route)) return AdminRunDetail;
  switch (route) {
    case 'GET /health':
      return AdminHealth;
    case 'GET /runs':
      return AdminRunsPage;
    case 'GET /schedules':
      return AdminScheduleStatus;
    case 'GET /data-quality':
      return DataQualityReport;
    case 'GET /alerts':
      return AlertsResponse;
    case 'GET /dead-letters':
      return AdminDeadLettersPage;
    case 'POST /dead-letters/redrive':
      return AdminRedriveReport;
    case 'POST /backfill':
      return AdminBackfillReport;
    case 'POST /sweep':
      return AdminSweepReport;
    case 'POST /retry':
      return body.allFailed ? AdminRetryAllOutcome : AdminRetryOutcome;
    case 'POST /pause':
      return body.rolloverId ? AdminRetryOutcome : undefined;
    default:
      return undefined;
  }
}

/** Throws when `body` is not exactly what the contract says `method path` answers with `status`. */
export function checkAdminResponse(method: string, path: string, requestBody: unknown, status: number, body: unknown) {
  // Non-JSON answers (the emulator's own errors) are left to the test's status assertions.
  if (typeof body !== 'object' || body === null) return;
  const schema = status >= 200 && status < 300 ? responseSchema(method, path, requestBody) : AdminError;
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
