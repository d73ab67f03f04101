// Calls the /api/admin/etl/* route handler in-process the way Next does: the request and the
// catch-all segments as route params.
import { GET, POST } from '../../web/app/api/admin/etl/[...path]/route';

type Handler = (request: Request, context: { params: Promise<{ path: string[] }> }) => Promise<Response>;

/** `url` is the full URL as sent (still percent-encoded); the params are its segments after the prefix. */
export function callAdminProxy(url: string, init: RequestInit = {}): Promise<Response> {
  const request = new Request(url, init);
  const segments = new URL(url).pathname.replace(/^\/api\/admin\/etl\/?/, '').split('/');
  const path = segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  const handler = (request.method === 'POST' ? POST : GET) as Handler;
  return handler(request, { params: Promise.resolve({ path }) });
}
