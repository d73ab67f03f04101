// The admin API as a plain handler over (method, path, query, body, authorization), so it can be
// tested without the HTTPS runtime. The routes are the vocabulary's (packages/contracts
// admin-routes.ts, documented in docs/contracts/api.md): a request is matched against that table,
// its path parameters, query and body parsed with the route's schemas (admin-route-schemas.ts),
// and handed to the route's handler (routes/). Every call of a route that acts is recorded in the
// audit trail here, in one place, with its outcome (refusals included).
import {
  ADMIN_ROUTE_SCHEMAS,
  ADMIN_ROUTES,
  describeZodError,
  matchAdminRoute,
  type AdminRouteInput,
  type AdminRouteName,
  type AdminRouteSchemas,
} from '@trustrails/contracts';
import type { z } from 'zod';
import { beginAudit } from '../audit/record';
import { logs } from '../logs';
import { HttpError, identify } from './auth';
import { ROUTE_HANDLERS } from './routes';
import type { Actor, AdminDeps, RouteHandler } from './routes/route-handler';

export type { AdminDeps } from './routes/route-handler';

export interface AdminRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  authorization: string | undefined;
}

export interface AdminResponse {
  status: number;
  body: unknown;
  /** Who called, once the token was verified (for the request log). */
  uid?: string;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new HttpError(400, `invalid ${where}: ${describeZodError(result.error).message}`);
  return result.data;
}

/** How a refusal names a path parameter. */
const PARAM_NAMES: Record<string, string> = { rolloverId: 'run id', backfillId: 'backfill id' };

/** The route's input, each part parsed with its schema; a part the route does not declare is not read. */
function parseInput(name: AdminRouteName, params: Record<string, string>, request: AdminRequest) {
  const schemas: AdminRouteSchemas = ADMIN_ROUTE_SCHEMAS[name];
  const parsedParams = Object.fromEntries(
    Object.entries(schemas.params ?? {}).map(([key, schema]) => [
      key,
      parse(schema, params[key], PARAM_NAMES[key] ?? key),
    ]),
  );
  return {
    params: parsedParams,
    query: schemas.query ? parse(schemas.query, request.query, 'query') : undefined,
    body: schemas.body ? parse(schemas.body, request.body, 'body') : undefined,
  } as AdminRouteInput<AdminRouteName>;
}

/** The run an action names, in its path or its body, so that it shows in the run's trail. */
function rolloverIdOf(params: Record<string, string>, body: unknown): string | null {
  if (params.rolloverId !== undefined) {
    try {
      return decodeURIComponent(params.rolloverId);
    } catch {
      return params.rolloverId;
    }
  }
  const named = (body as { rolloverId?: unknown } | null | undefined)?.rolloverId;
  return typeof named === 'string' ? named : null;
}

async function dispatch(deps: AdminDeps, request: AdminRequest, actor: Actor): Promise<AdminResponse> {
  const path = request.path.replace(/\/+$/, '') || '/';
  const method = request.method.toUpperCase();
  const match = matchAdminRoute(method, path.slice(1).split('/'));
  if (!match) throw new HttpError(404, `no route ${method} ${path}`);
  // The table and the handlers are keyed alike (routes/index.ts); TypeScript cannot correlate a
  // name held in a variable with its handler's input type, hence the widening.
  const handler = ROUTE_HANDLERS[match.name] as RouteHandler<AdminRouteName>;
  const run = async () => handler(deps, parseInput(match.name, match.params, request), actor);
  if (!ADMIN_ROUTES[match.name].acts) return { status: 200, body: await run() };

  // Recorded before it runs, so a request that is refused (400, 404, 409) or fails is in the trail too.
  const entry = await beginAudit(deps.db, {
    action: match.name,
    uid: actor.uid,
    email: actor.email,
    rolloverId: rolloverIdOf(match.params, request.body),
    target: `${method} ${path}`,
    args: request.body ?? {},
  });
  try {
    const body = await run();
    await entry.end({ ok: true, status: 200, error: null });
    return { status: 200, body };
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    await entry.end({ ok: false, status, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

export async function handleAdminRequest(deps: AdminDeps, request: AdminRequest): Promise<AdminResponse> {
  let uid: string | undefined;
  let isAdmin = false;
  try {
    const { admin, ...actor } = await identify(request.authorization);
    uid = actor.uid;
    isAdmin = admin;
    if (!admin) throw new HttpError(403, 'the admin claim is required');
    return { ...(await dispatch(deps, request, actor)), uid };
  } catch (error) {
    if (error instanceof HttpError)
      return { status: error.status, body: { error: error.message }, ...(uid ? { uid } : {}) };
    // Ours, not the caller's (a store that failed under load, a bug): answered and logged here, so
    // the scheduler or admin sees why, instead of a thrown error taking the instance's other
    // requests down with it. Only a verified admin is told the cause; it may name hosts.
    const reason = error instanceof Error ? error.message : String(error);
    logs.adminRequestFailed({ method: request.method, path: request.path, uid: uid ?? null, reason });
    return {
      status: 500,
      body: { error: isAdmin ? `internal error: ${reason}` : 'internal error' },
      ...(uid ? { uid } : {}),
    };
  }
}
