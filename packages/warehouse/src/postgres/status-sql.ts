// Phase 4 as one statement: Transfer.status = completed, its status history row and its audit row.
// The three writes are data-modifying CTEs of one statement, so they commit together in one round
// trip. A replay changes nothing: the status moves forward only, the audit row is written once,
// and a corrected completion time corrects its history row.
// $1 transfer id, $2 rollover id, $3 completed at, $4 actor, $5 the audit row's details.
export const markCompletedSql = `
  WITH completed AS (
    UPDATE transfer SET status = 'completed', updated_at = now()
     WHERE id = $1 AND rollover_id = $2 AND status <> 'completed'
  ), history AS (
    INSERT INTO transfer_status_history (id, transfer_id, status, changed_at, actor)
    VALUES ($1 || ':completed', $1, 'completed', $3, $4)
    ON CONFLICT (id) DO UPDATE SET changed_at = EXCLUDED.changed_at
     WHERE transfer_status_history.changed_at IS DISTINCT FROM EXCLUDED.changed_at
  )
  INSERT INTO audit_log (id, entity_type, entity_id, action, actor, details, created_at)
  VALUES ('transfer:' || $1 || ':completed', 'transfer', $1, 'status.completed', $4, $5, now())
  ON CONFLICT (id) DO NOTHING`;
