// One executing Data Connect double per test file, with a dataconnect adapter pointed at it: the
// setup every adapter-level test needs (the Data Connect emulator cannot be downloaded here).
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { DataConnectWarehouse } from '../../src/dataconnect/adapter';
import { DataConnectDouble } from './data-connect-double';

export interface DataConnectHarness {
  readonly double: DataConnectDouble;
  readonly warehouse: DataConnectWarehouse;
}

/** Starts the double before the file's tests and stops it after; read the fields inside tests. */
export function useDataConnectDouble(projectId: string): DataConnectHarness {
  let double: DataConnectDouble | undefined;
  let warehouse: DataConnectWarehouse | undefined;
  let app: App | undefined;
  beforeAll(async () => {
    double = new DataConnectDouble();
    process.env.DATA_CONNECT_EMULATOR_HOST = await double.start();
    app = initializeApp({ projectId });
    warehouse = new DataConnectWarehouse({ serviceId: 'trustrails', location: 'us-central1', connector: 'etl' });
  });
  afterAll(async () => {
    delete process.env.DATA_CONNECT_EMULATOR_HOST;
    if (app) await deleteApp(app);
    await double?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Data Connect double is used before beforeAll started it');
    return value;
  };
  return {
    get double() {
      return started(double);
    },
    get warehouse() {
      return started(warehouse);
    },
  };
}
