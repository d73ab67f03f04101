// The web's pools count in the connection budget: deploy:check reads what web/apphosting.yaml lets
// the web hold (maxInstances × its WAREHOUSE_POOL_SIZE) and holds it to WEB_WAREHOUSE_CONNECTIONS.
import { webConnectionsOf } from '../../scripts/deploy-check/steps/params-resolution';

test('maxInstances × the web pool size, with the warehouse default pool of 5 when the file sets none', () => {
  const withPool = `runConfig:\n  maxInstances: 4\n  concurrency: 500\nenv:\n  - variable: WAREHOUSE_POOL_SIZE\n    value: "3"\n`;
  expect(webConnectionsOf(withPool)).toBe(12);
  expect(webConnectionsOf('runConfig:\n  maxInstances: 4\n')).toBe(20);
  expect(webConnectionsOf('runConfig:\n  cpu: 1\n')).toBeNull();
});
