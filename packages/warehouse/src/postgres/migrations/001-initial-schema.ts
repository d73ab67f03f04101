// The tables Data Connect generates from dataconnect/schema/schema.gql: snake_case names, a
// `<field>_<key>` column per reference, String → text, Int → integer, Int64 → bigint,
// Float → double precision, Timestamp → timestamptz, Date → date, Any → jsonb.
export const initialSchema = `
CREATE TABLE custodian (
  id text PRIMARY KEY,
  name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE participant (
  id text PRIMARY KEY,
  full_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE account (
  id text PRIMARY KEY,
  custodian_id text NOT NULL REFERENCES custodian (id),
  participant_id text NOT NULL REFERENCES participant (id),
  account_type text NOT NULL,
  last4 text
);

CREATE TABLE transfer (
  id text PRIMARY KEY,
  rollover_id text NOT NULL UNIQUE,
  source_custodian_id text NOT NULL REFERENCES custodian (id),
  destination_custodian_id text NOT NULL REFERENCES custodian (id),
  participant_id text NOT NULL REFERENCES participant (id),
  source_account_id text NOT NULL REFERENCES account (id),
  destination_account_id text NOT NULL REFERENCES account (id),
  requested_amount_cents bigint NOT NULL,
  amount_cents bigint NOT NULL,
  status text NOT NULL,
  funds_sent_amount_cents bigint,
  funds_sent_method text,
  funds_sent_at timestamptz,
  funds_received_amount_cents bigint,
  funds_received_at timestamptz,
  initiated_at timestamptz NOT NULL,
  completed_at timestamptz,
  duration_ms bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transfer_source_custodian_id_completed_at_idx ON transfer (source_custodian_id, completed_at);
CREATE INDEX transfer_destination_custodian_id_completed_at_idx ON transfer (destination_custodian_id, completed_at);

CREATE TABLE financial_breakdown (
  transfer_id text PRIMARY KEY REFERENCES transfer (id),
  pre_tax_cents bigint NOT NULL,
  roth_cents bigint NOT NULL,
  after_tax_cents bigint NOT NULL,
  employer_match_cents bigint
);

CREATE TABLE transfer_event (
  event_id text PRIMARY KEY,
  transfer_id text NOT NULL REFERENCES transfer (id),
  event_type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  user_id text NOT NULL,
  source text NOT NULL
);
CREATE INDEX transfer_event_transfer_id_idx ON transfer_event (transfer_id);

CREATE TABLE transfer_status_history (
  id text PRIMARY KEY,
  transfer_id text NOT NULL REFERENCES transfer (id),
  status text NOT NULL,
  changed_at timestamptz NOT NULL,
  actor text NOT NULL
);
CREATE INDEX transfer_status_history_transfer_id_idx ON transfer_status_history (transfer_id);

CREATE TABLE blockchain_transaction (
  id text PRIMARY KEY,
  transfer_id text NOT NULL REFERENCES transfer (id),
  network text NOT NULL,
  tx_hash text NOT NULL,
  block_number bigint,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX blockchain_transaction_transfer_id_idx ON blockchain_transaction (transfer_id);

CREATE TABLE token_movement (
  id text PRIMARY KEY,
  transfer_id text NOT NULL REFERENCES transfer (id),
  token_id text NOT NULL,
  kind text NOT NULL,
  amount_cents bigint NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX token_movement_transfer_id_idx ON token_movement (transfer_id);

CREATE TABLE audit_log (
  id text PRIMARY KEY,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  action text NOT NULL,
  actor text NOT NULL,
  details jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

CREATE TABLE analytics_time_series (
  custodian_id text NOT NULL REFERENCES custodian (id),
  granularity text NOT NULL,
  period_start date NOT NULL,
  completed_count integer NOT NULL,
  volume_cents bigint NOT NULL,
  avg_completion_ms double precision,
  inbound_count integer NOT NULL,
  outbound_count integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (custodian_id, granularity, period_start)
);

CREATE TABLE etl_run (
  rollover_id text NOT NULL,
  attempt integer NOT NULL,
  status text NOT NULL,
  phase_timings_ms jsonb NOT NULL,
  processing_time_ms bigint,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  error text,
  PRIMARY KEY (rollover_id, attempt)
);
`;
