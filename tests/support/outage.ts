// Switches the test stack's PostgreSQL database off and on, as an outage: new connections are
// refused and every open session is terminated. Driven from the server's `postgres` database.
import { Client } from 'pg';

export interface Outage {
  database: string;
  start(): Promise<void>;
  end(): Promise<void>;
}

export async function databaseOutage(): Promise<Outage> {
  const url = new URL(process.env.DATABASE_URL!);
  const database = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client(url.toString());
  await admin.connect();
  return {
    database,
    async start() {
      await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
    },
    async end() {
      await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
      await admin.end();
    },
  };
}
