// One transaction on a pooled client: BEGIN, the work, COMMIT; ROLLBACK and rethrow on failure.
// A client that breaks while checked out (connection lost, backend terminated, failover) is
// released with its error, so the pool destroys it instead of handing it to the next caller. The
// pool listens for errors only on idle clients; without this listener a connection dying
// mid-transaction would be an unhandled 'error' event and crash the worker.
import type { Pool, PoolClient } from 'pg';

export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => (broken ??= error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
