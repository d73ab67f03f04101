// Busy custodians for the warehouse benches: `custodians` custodians `<prefix>-c<n>` with an
// account each, and `transfers` completed transfers between them, spread over this year up to
// `now`, so every window (daily to yearly) has rows to count.
import type { Pool } from 'pg';

export async function seedTransfers(
  pool: Pool,
  prefix: string,
  now: Date,
  counts: { transfers: number; custodians: number },
): Promise<void> {
  await pool.query(`INSERT INTO custodian (id) SELECT $1 || '-c' || g FROM generate_series(1, $2) g`, [
    prefix,
    counts.custodians,
  ]);
  await pool.query(`INSERT INTO participant (id) VALUES ($1 || '-p')`, [prefix]);
  await pool.query(
    `INSERT INTO account (id, custodian_id, participant_id, account_type) SELECT $1 || '-a' || g, $1 || '-c' || g, $1 || '-p', 'ira' FROM generate_series(1, $2) g`,
    [prefix, counts.custodians],
  );
  await pool.query(
    `INSERT INTO transfer (id, rollover_id, source_custodian_id, destination_custodian_id, participant_id, source_account_id,
       destination_account_id, requested_amount_cents, amount_cents, status, initiated_at, completed_at, duration_ms)
     SELECT $1 || '-t' || g, $1 || '-r' || g,
            $1 || '-c' || (1 + g % $3), $1 || '-c' || (1 + (g * 7 + 3) % $3), $1 || '-p',
            $1 || '-a' || (1 + g % $3), $1 || '-a' || (1 + (g * 7 + 3) % $3),
            1000 + (g * 7919) % 500000, 1000 + (g * 7919) % 500000, 'completed',
            c - make_interval(secs => 3600 + g % 7200), c, (3600 + g % 7200) * 1000
     FROM generate_series(1, $2) g,
          LATERAL (SELECT date_trunc('year', $4::timestamptz) + (($4::timestamptz - date_trunc('year', $4::timestamptz)) * ((g % 997) / 997.0)) AS c) t`,
    [prefix, counts.transfers, counts.custodians, now.toISOString()],
  );
}
