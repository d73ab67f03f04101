// Scheduled maintenance: the time-series re-aggregation and the sweeper, on one schedule.
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { ETL_TOPIC } from '@trustrails/contracts';
import { maintenanceSchedule, sweepSettings } from '../config';
import { logs } from '../logs';
import { reaggregateSettledBackfills } from '../operations/backfill';
import { reaggregate } from '../operations/reaggregate';
import { sweep } from '../operations/sweep';
import { db, publishJson, relationalStore } from '../runtime';
import { SCALING } from '../scaling';

export const etlReaggregate = onSchedule(
  { schedule: maintenanceSchedule, timeZone: 'UTC', retryCount: 1, ...SCALING.etlReaggregate },
  async () => {
    const report = await reaggregate(db(), relationalStore());
    logs.reaggregationCompleted({ ...report, failed: report.failed.length });
  },
);

export const etlSweeper = onSchedule(
  { schedule: maintenanceSchedule, timeZone: 'UTC', retryCount: 1, ...SCALING.etlSweeper },
  async () => {
    const t0 = performance.now();
    const report = await sweep(db(), async (message) => void (await publishJson(ETL_TOPIC, message)), sweepSettings);
    logs.sweepCompleted({ ...report, ms: Math.round(performance.now() - t0) });
    await reaggregateSettledBackfills(db(), relationalStore());
  },
);
