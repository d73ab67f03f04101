// Liveness for `npm start` and the tests: the web server is up and can reach its stores.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ ok: true, firestore: process.env.FIRESTORE_EMULATOR_HOST ?? 'production' });
}
