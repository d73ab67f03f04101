// Data Connect gives a required reference (`field: Type!`) a foreign key with ON DELETE CASCADE,
// named `{table}_{column}_fkey`; 001 created them without the cascade. Same names, Data Connect's rule.
const REQUIRED_REFERENCES: readonly [table: string, column: string, target: string][] = [
  ['account', 'custodian_id', 'custodian'],
  ['account', 'participant_id', 'participant'],
  ['transfer', 'source_custodian_id', 'custodian'],
  ['transfer', 'destination_custodian_id', 'custodian'],
  ['transfer', 'participant_id', 'participant'],
  ['transfer', 'source_account_id', 'account'],
  ['transfer', 'destination_account_id', 'account'],
  ['financial_breakdown', 'transfer_id', 'transfer'],
  ['transfer_event', 'transfer_id', 'transfer'],
  ['transfer_status_history', 'transfer_id', 'transfer'],
  ['blockchain_transaction', 'transfer_id', 'transfer'],
  ['token_movement', 'transfer_id', 'transfer'],
  ['analytics_time_series', 'custodian_id', 'custodian'],
];

export const cascadeRequiredReferences = REQUIRED_REFERENCES.map(
  ([table, column, target]) =>
    `ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_fkey,
  ADD CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (${column}) REFERENCES ${target} (id) ON DELETE CASCADE;`,
).join('\n');
