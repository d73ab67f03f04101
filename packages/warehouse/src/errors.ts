// Typed failures of the port that callers must treat differently from an outage.

/**
 * The rollover names a row that belongs to someone else: its transferId is already another
 * rollover's transfer, or an account id is already another custodian's account. Retrying cannot
 * help, and writing would corrupt the owner's figures, so the adapter writes nothing.
 */
export class OwnershipConflictError extends Error {
  constructor(
    readonly entity: 'transfer' | 'account',
    readonly id: string,
    readonly owner: string,
    readonly claimant: string,
  ) {
    super(
      entity === 'transfer'
        ? `ownership conflict: transfer ${id} belongs to rollover ${owner}, not ${claimant}`
        : `ownership conflict: account ${id} belongs to custodian ${owner}, not ${claimant}`,
    );
    this.name = 'OwnershipConflictError';
  }
}

/** The selected adapter cannot answer this read (the Data Connect connector has no query for it). */
export class UnsupportedByAdapterError extends Error {
  constructor(
    readonly operation: string,
    readonly adapter: 'postgres' | 'dataconnect',
  ) {
    super(`${operation} is not supported by the ${adapter} warehouse adapter; use WAREHOUSE_ADAPTER=postgres`);
    this.name = 'UnsupportedByAdapterError';
  }
}
