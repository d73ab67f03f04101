// `npm run bench:warehouse-phases`: the warehouse phases' statements and times alone (see
// warehouse-phases.ts); `-- --save-baseline` records them as the baseline bench:etl prints beside its own.
import { printWarehousePhases, saveWarehouseBaseline } from './warehouse-phases';
import { warehousePhasesBenchSettings } from '../settings';

const SETTINGS = warehousePhasesBenchSettings(process.argv.slice(2));

(SETTINGS.saveBaseline
  ? saveWarehouseBaseline(SETTINGS.databaseUrl, SETTINGS.rollovers)
  : printWarehousePhases(SETTINGS.databaseUrl, SETTINGS.rollovers)
).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
