// The functions' warehouse connection, from the deploy params: in production the Data Connect Cloud
// SQL instance (CLOUD_SQL_INSTANCE), logged in with IAM as the service account this very function
// runs as (its role's param), so each role is its own database user. Locally CLOUD_SQL_INSTANCE is
// empty and the stack's DATABASE_URL (a run-time setting of the local stack, never deployed) is used.
import {
  CLOUD_SQL_DEFAULT_DATABASE,
  postgresSettingsFromEnv,
  warehouseConfigFromEnv,
  type WarehouseConfig,
} from '@trustrails/warehouse/settings';
import { cloudSqlDatabase, cloudSqlInstance, cloudSqlRegion, poolSize, valueOf } from './params';
import { ACCOUNT_OF, type FunctionName } from './scaling';

type Env = Record<string, string | undefined>;

/** "name@" is completed as firebase-tools completes it for the deploy: name@<project>.iam.gserviceaccount.com. */
export function serviceAccountEmail(account: string, projectId: string): string {
  return account.endsWith('@') ? `${account}${projectId}.iam.gserviceaccount.com` : account;
}

/** An instance id of this project becomes project:region:instance, as the Cloud SQL connector wants it. */
export function instanceConnectionName(instance: string, region: string, projectId: string): string {
  return instance.includes(':') ? instance : `${projectId}:${region}:${instance}`;
}

export function functionsWarehouseConfig(env: Env = process.env): WarehouseConfig {
  const timeouts = postgresSettingsFromEnv({ ...env, WAREHOUSE_POOL_SIZE: undefined });
  const settings = { ...timeouts, poolSize: valueOf(poolSize) };
  // The Admin SDK path (and the error for an unknown adapter) stays with the warehouse's own settings.
  if (env.WAREHOUSE_ADAPTER && env.WAREHOUSE_ADAPTER !== 'postgres') return warehouseConfigFromEnv(env);
  const instance = valueOf(cloudSqlInstance);
  if (instance && env.DATABASE_URL)
    throw new Error(
      'set CLOUD_SQL_INSTANCE (a param) or DATABASE_URL (local stacks), not both: the postgres adapter connects one way',
    );
  if (!instance) {
    if (!env.DATABASE_URL)
      throw new Error(
        'No warehouse: set the CLOUD_SQL_INSTANCE param in functions/.env.<project> (docs/deploy.md), or DATABASE_URL for a local stack.',
      );
    return { adapter: 'postgres', databaseUrl: env.DATABASE_URL, ...settings };
  }
  const projectId = env.GCLOUD_PROJECT ?? '';
  const target = env.FUNCTION_TARGET as FunctionName | undefined;
  const account = target && ACCOUNT_OF[target];
  if (!projectId || !account)
    throw new Error(
      `The warehouse needs GCLOUD_PROJECT and a deployed FUNCTION_TARGET (got "${projectId}", "${target}").`,
    );
  return {
    adapter: 'postgres',
    cloudSql: {
      instanceConnectionName: instanceConnectionName(instance, valueOf(cloudSqlRegion), projectId),
      database: valueOf(cloudSqlDatabase) || CLOUD_SQL_DEFAULT_DATABASE,
      iamUser: serviceAccountEmail(valueOf(account), projectId),
    },
    ...settings,
  };
}
