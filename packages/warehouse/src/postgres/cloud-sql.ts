// Production connection to the Data Connect service's own Cloud SQL database, through the Cloud
// SQL Node.js connector with IAM database authentication as the runtime's service account (no
// password, no IP allow-list). The connector needs Node 22, so it is imported only here, and this
// runs only when CLOUD_SQL_INSTANCE is set.
import type { PoolConfig } from 'pg';
import type { CloudSqlConfig } from '../settings';

export type { CloudSqlConfig } from '../settings';

/** Cloud SQL names an IAM service-account user by its email less the `.gserviceaccount.com` suffix. */
export const iamDatabaseUser = (serviceAccountEmail: string): string =>
  serviceAccountEmail.replace(/\.gserviceaccount\.com$/, '');

type ConnectorModule = typeof import('@google-cloud/cloud-sql-connector');

/** pg options whose stream goes through the connector, and how to close that connector. */
export interface CloudSqlConnection {
  options: PoolConfig;
  /** Ends the connector's certificate refresh; the pool must not be used after. */
  close: () => void;
}

/**
 * pg options whose stream goes through the connector (an ephemeral certificate, IAM login). A
 * connector keeps refresh timers for its instance: one whose start failed is closed here, so that
 * the warehouse's retried start (one per call during an outage) does not leak one each time.
 */
export async function cloudSqlConnection(
  config: CloudSqlConfig,
  load: () => Promise<ConnectorModule> = () => import('@google-cloud/cloud-sql-connector'),
): Promise<CloudSqlConnection> {
  const { Connector, AuthTypes, IpAddressTypes } = await load();
  const connector = new Connector();
  try {
    const options = await connector.getOptions({
      instanceConnectionName: config.instanceConnectionName,
      // The instance's public IP, through the connector's TLS tunnel with IAM login: no function has a
      // VPC connector, so a private IP could not be reached (docs/deploy.md).
      ipType: IpAddressTypes.PUBLIC,
      authType: AuthTypes.IAM,
    });
    return {
      options: { ...options, user: iamDatabaseUser(config.iamUser), database: config.database },
      close: () => connector.close(),
    };
  } catch (error) {
    connector.close();
    throw error;
  }
}
