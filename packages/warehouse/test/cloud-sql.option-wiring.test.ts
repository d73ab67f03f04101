// The production connection's wiring, with the Cloud SQL connector's real module: the adapter
// asks it for IAM-authenticated options for the configured instance (public IP: no function has a VPC connector), and logs in as
// the service account's IAM database user. Only Connector#getOptions is replaced: it calls the
// Cloud SQL Admin API and opens a TLS tunnel to the instance, which cannot be reached from here,
// so the network part (certificate exchange, IAM login, the tunnel) is not tested.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AuthTypes, Connector, IpAddressTypes } from '@google-cloud/cloud-sql-connector';
import { warehouseConfigFromEnv } from '../src/config';
import { cloudSqlConnection, iamDatabaseUser } from '../src/postgres/cloud-sql';

const SA = 'etl-functions@trustrails-prod.iam.gserviceaccount.com';

afterEach(() => jest.restoreAllMocks());

describe('the Cloud SQL connection', () => {
  it('asks the connector for IAM options on the public IP of the instance and logs in as the IAM user', async () => {
    const stream = jest.fn();
    const getOptions = jest.spyOn(Connector.prototype, 'getOptions').mockResolvedValue({ stream });
    const connection = await cloudSqlConnection({
      instanceConnectionName: 'trustrails-prod:us-central1:trustrails-fdc',
      database: 'fdcdb',
      iamUser: SA,
    });
    expect(getOptions).toHaveBeenCalledWith({
      instanceConnectionName: 'trustrails-prod:us-central1:trustrails-fdc',
      ipType: IpAddressTypes.PUBLIC,
      authType: AuthTypes.IAM,
    });
    expect(connection.options).toEqual({ stream, user: 'etl-functions@trustrails-prod.iam', database: 'fdcdb' });
    expect(connection.options).not.toHaveProperty('password');
    connection.close();
  });

  it('names the IAM database user as Cloud SQL does', () => {
    expect(iamDatabaseUser(SA)).toBe('etl-functions@trustrails-prod.iam');
    expect(iamDatabaseUser('123-compute@developer.gserviceaccount.com')).toBe('123-compute@developer');
  });
});

describe('warehouseConfigFromEnv', () => {
  const prod = { CLOUD_SQL_INSTANCE: 'trustrails-prod:us-central1:trustrails-fdc', CLOUD_SQL_IAM_USER: SA };

  it('defaults to the postgres adapter over Cloud SQL in production', () => {
    expect(warehouseConfigFromEnv(prod)).toEqual({
      adapter: 'postgres',
      cloudSql: {
        instanceConnectionName: prod.CLOUD_SQL_INSTANCE,
        database: 'fdcdb',
        iamUser: SA,
      },
      poolSize: 5,
      statementTimeoutMs: 30_000,
      lockTimeoutMs: 10_000,
    });
  });

  it.each([
    [{}, 'needs CLOUD_SQL_INSTANCE and CLOUD_SQL_IAM_USER in production'],
    [{ ...prod, DATABASE_URL: 'postgres://x' }, 'set DATABASE_URL or CLOUD_SQL_INSTANCE, not both'],
    [{ CLOUD_SQL_INSTANCE: prod.CLOUD_SQL_INSTANCE }, 'CLOUD_SQL_INSTANCE is set but CLOUD_SQL_IAM_USER is not'],
    [{ ...prod, CLOUD_SQL_INSTANCE: 'trustrails-fdc' }, 'CLOUD_SQL_INSTANCE="trustrails-fdc" is not valid'],
    [{ ...prod, CLOUD_SQL_IAM_USER: 'ops@example.com' }, 'CLOUD_SQL_IAM_USER="ops@example.com" is not valid'],
    [{ ...prod, WAREHOUSE_LOCK_TIMEOUT_MS: '0' }, 'WAREHOUSE_LOCK_TIMEOUT_MS="0" is not valid'],
    [{ WAREHOUSE_ADAPTER: 'mysql' }, 'WAREHOUSE_ADAPTER="mysql" is not valid'],
  ])('refuses %j naming the setting', (env, message) => {
    expect(() => warehouseConfigFromEnv(env)).toThrow(message);
  });

  it('loads the connector only when CLOUD_SQL_INSTANCE is set (it needs Node 22)', () => {
    const script = `
      const { createWarehouse } = require('./packages/warehouse/src');
      createWarehouse({ adapter: 'postgres', databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
      process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('cloud-sql-connector'))));`;
    const loaded = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(__dirname, '..', '..', '..'),
      encoding: 'utf8',
    });
    expect(loaded).toBe('false');
  });
});
