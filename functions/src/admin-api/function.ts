// The deployed admin API: an HTTPS function that browsers may call only from the configured web
// origin (cors.ts). All logic is in handler.ts.
import { onRequest } from 'firebase-functions/v2/https';
import { adminWebOrigin, etlBulkConcurrency, sweepSettings } from '../config';
import { logs } from '../logs';
import { etlQueueOf } from '../etl/deployed-queue';
import { db, relationalStore } from '../runtime';
import { SCALING } from '../scaling';
import { corsPolicy } from './cors';
import { handleAdminRequest, type AdminResponse } from './handler';

// cors: false, so the platform's own CORS layer (which reflects any origin when on) stays out of it.
export const etlAdmin = onRequest({ cors: false, ...SCALING.etlAdmin }, async (req, res) => {
  const t0 = performance.now();
  const cors = corsPolicy(req.method, req.get('origin'), adminWebOrigin);
  res.set(cors.headers);
  const response: AdminResponse =
    cors.answer ??
    (await handleAdminRequest(
      {
        db: db(),
        warehouse: relationalStore,
        queue: etlQueueOf(etlBulkConcurrency),
        sweepOptions: sweepSettings,
      },
      {
        method: req.method,
        path: req.path,
        query: req.query as Record<string, unknown>,
        body: req.body,
        authorization: req.get('authorization'),
      },
    ));
  logs.adminRequest({
    method: req.method,
    path: req.path,
    status: response.status,
    uid: response.uid ?? null,
    ms: Math.round(performance.now() - t0),
  });
  if (response.body === null) res.status(response.status).end();
  else res.status(response.status).json(response.body);
});
