// Data quality: per period, the completed transfers and how many have each optional field the ETL
// keeps as NULL when the events leave it out. One grouped query over transfer_completed_at's
// range; periods by date_trunc in UTC (ISO weeks start Monday, as windows.ts).
import type { DataQualityField, DataQualityPeriod } from '@trustrails/contracts';
import type { Pool } from 'pg';
import { GRANULARITY_SQL, type Granularity } from '../windows';

/** Each field's count as SQL over t (transfer), p (participant), sa/da (accounts), fb (breakdown). */
const PRESENT: Record<DataQualityField, string> = {
  participantName: 'count(p.full_name)',
  sourceAccountLast4: 'count(sa.last4)',
  destinationAccountLast4: 'count(da.last4)',
  financialBreakdown: 'count(fb.transfer_id)',
  employerMatch: 'count(fb.employer_match_cents)',
  fundsMethod: 'count(t.funds_sent_method)',
  chainRows: `count(*) FILTER (WHERE EXISTS (SELECT 1 FROM blockchain_transaction b WHERE b.transfer_id = t.id)
                           OR EXISTS (SELECT 1 FROM token_movement m WHERE m.transfer_id = t.id))`,
};

/** The periods that have completed transfers in [start, end); the caller fills the empty ones. */
export async function dataQualityRows(
  pool: Pool,
  granularity: Granularity,
  start: Date,
  end: Date,
): Promise<DataQualityPeriod[]> {
  const fields = Object.keys(PRESENT) as DataQualityField[];
  const { rows } = await pool.query<Record<string, string | number>>(
    `SELECT to_char(date_trunc($1, t.completed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS period_start,
            count(*)::int AS transfers,
            ${fields.map((f) => `${PRESENT[f]}::int AS "${f}"`).join(',\n            ')}
       FROM transfer t
       JOIN participant p ON p.id = t.participant_id
       JOIN account sa ON sa.id = t.source_account_id
       JOIN account da ON da.id = t.destination_account_id
       LEFT JOIN financial_breakdown fb ON fb.transfer_id = t.id
      WHERE t.status = 'completed' AND t.completed_at >= $2 AND t.completed_at < $3
      GROUP BY 1`,
    [GRANULARITY_SQL[granularity].trunc, start, end],
  );
  return rows.map((row) => ({
    periodStart: String(row.period_start),
    transfers: Number(row.transfers),
    present: Object.fromEntries(fields.map((f) => [f, Number(row[f])])) as Record<DataQualityField, number>,
  }));
}
