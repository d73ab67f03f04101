// The deployed admin API: an HTTPS function (CORS on, so the ETL monitor page can call it with
// the signed-in admin's ID token). All logic is in handler.ts.
import { onRequest } from 'firebase-functions/v2/https';
import { ETL_TOPIC } from '@trustrails/contracts';
import { sweepLookbackHours, sweepPendingAfterSeconds } from '../config';
import { logs } from '../logs';
import { db, publishJson, relationalStore } from '../runtime';
import { handleAdminRequest } from './handler';

export const etlAdmin = onRequest({ cors: true }, async (req, res) => {
  const t0 = performance.now();
  const response = await handleAdminRequest(
    {
      db: db(),
      warehouse: relationalStore,
      publish: async (message) => void (await publishJson(ETL_TOPIC, message)),
      sweepOptions: {
        pendingAfterMs: sweepPendingAfterSeconds * 1000,
        lookbackMs: sweepLookbackHours * 3_600_000,
      },
    },
    {
      method: req.method,
      path: req.path,
      query: req.query as Record<string, unknown>,
      body: req.body,
      authorization: req.get('authorization'),
    },
  );
  logs.adminRequest({
    method: req.method,
    path: req.path,
    status: response.status,
    ms: Math.round(performance.now() - t0),
  });
  res.status(response.status).json(response.body);
});
