// Session cookies the way a browser gets them: POST /api/session, called in-process, same-origin.
import { POST as createSession } from '../../web/app/api/session/route';

export const SAME_ORIGIN = 'http://localhost';

/** `origin`: the app's origin when APP_ORIGIN is set (the session route refuses any other). */
export async function sessionCookieFor(idToken: string, origin = SAME_ORIGIN): Promise<string> {
  const response = await createSession(
    new Request(`${origin}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ idToken }),
    }),
  );
  if (response.status !== 200)
    throw new Error(`POST /api/session answered ${response.status}: ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
