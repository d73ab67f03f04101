// A small client for the etlAdmin HTTPS function. Identity: ETL_ADMIN_TOKEN (an ID token), or on
// the local emulators the demo admin signs in through the Auth emulator. A call names its route in
// the admin vocabulary (@trustrails/contracts admin-routes.ts), which gives its method and path, and
// its answer is parsed with that route's answer schema, so a drift between the API and the CLI is an
// error naming the field, not a wrong figure.
import {
  ADMIN_ROUTE_SCHEMAS,
  ADMIN_ROUTES,
  AdminError,
  adminPath,
  describeZodError,
  type AdminRouteAnswer,
  type AdminRouteName,
} from '@trustrails/contracts';
import { DEMO_PASSWORD } from '../stack/demo';
import { PROJECT_ID, ports } from '../stack/ports';
import { liveEnv, settings } from '../settings';

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`admin API ${status}: ${message}`);
  }
}

async function idToken(): Promise<string> {
  const token = settings.adminToken();
  if (token) return token;
  const authHost = liveEnv().FIREBASE_AUTH_EMULATOR_HOST ?? `127.0.0.1:${ports.auth}`;
  const email = settings.adminEmail() ?? 'admin@trustrails.test';
  const password = settings.adminPassword() ?? DEMO_PASSWORD;
  const response = await fetch(
    `http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    },
  ).catch(() => {
    throw new Error(
      `cannot reach the Auth emulator at ${authHost}: is \`npm start\` running? (or set ETL_ADMIN_TOKEN)`,
    );
  });
  const body = (await response.json()) as { idToken?: string; error?: { message: string } };
  if (!body.idToken) throw new Error(`sign-in as ${email} failed: ${body.error?.message ?? response.status}`);
  return body.idToken;
}

export function adminApiUrl(): string {
  return settings.adminUrl() ?? `http://127.0.0.1:${ports.functions}/${PROJECT_ID}/us-central1/etlAdmin`;
}

export interface AdminCallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
}

export async function createAdminClient() {
  const token = await idToken();
  const base = adminApiUrl();
  return async function call<N extends AdminRouteName>(
    route: N,
    options: AdminCallOptions = {},
  ): Promise<AdminRouteAnswer<N>> {
    const { method } = ADMIN_ROUTES[route];
    const query = new URLSearchParams(
      Object.entries(options.query ?? {}).map(([key, value]) => [key, String(value)]),
    ).toString();
    const path = `${adminPath(route, options.params)}${query ? `?${query}` : ''}`;
    const body = method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(120_000),
      ...(body === undefined ? {} : { body }),
    }).catch(() => {
      throw new Error(`cannot reach the admin API at ${base}: is \`npm start\` running? (or set ETL_ADMIN_URL)`);
    });
    const json: unknown = await response.json().catch(() => ({}));
    if (!response.ok) {
      const refusal = AdminError.safeParse(json);
      throw new AdminApiError(response.status, refusal.success ? refusal.data.error : response.statusText);
    }
    const parsed = ADMIN_ROUTE_SCHEMAS[route].answer.safeParse(json);
    if (!parsed.success)
      throw new Error(
        `admin API ${method} ${path} answered an unexpected shape: ${describeZodError(parsed.error).message}`,
      );
    return parsed.data as AdminRouteAnswer<N>;
  };
}
export type AdminCall = Awaited<ReturnType<typeof createAdminClient>>;
