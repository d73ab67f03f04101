// A Cloud SQL connector whose start failed is closed. Each start creates a Connector, which keeps
// timers and refresh state for its instance; the warehouse retries its start on the next call after
// a failure, so an unclosed connector leaked one more on every call during an outage. Only
// Connector#getOptions is replaced (it calls the Cloud SQL Admin API, unreachable from here); the
// Connector itself and its close() are the real module's.
import { Connector } from '@google-cloud/cloud-sql-connector';
import { createWarehouse } from '../src/config';

afterEach(() => jest.restoreAllMocks());

test('every failed start closes the connector it created', async () => {
  const getOptions = jest
    .spyOn(Connector.prototype, 'getOptions')
    .mockRejectedValue(new Error('Cloud SQL Admin API unreachable'));
  const close = jest.spyOn(Connector.prototype, 'close');
  const warehouse = createWarehouse({
    adapter: 'postgres',
    cloudSql: {
      instanceConnectionName: 'trustrails-prod:us-central1:trustrails-fdc',
      database: 'fdcdb',
      iamUser: 'etl-worker@trustrails-prod.iam.gserviceaccount.com',
    },
  });
  for (let call = 0; call < 3; call += 1)
    await expect(warehouse.listCustodianIds()).rejects.toThrow('Cloud SQL Admin API unreachable');
  // The start at construction, then one per call after a failure (a call during a start waits for
  // it): each start failed, and each closed the connector it created.
  expect(getOptions.mock.calls.length).toBeGreaterThanOrEqual(3);
  expect(close).toHaveBeenCalledTimes(getOptions.mock.calls.length);
  await warehouse.close();
});
