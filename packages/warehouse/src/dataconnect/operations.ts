// The connector operations this adapter runs, by name, with each variable's GraphQL type. The
// operation texts live only in dataconnect/etl/*.gql (deployed with the connector and run there by
// name); test/connector.has-every-operation.test.ts proves this manifest matches them.

/** Both phase 2 core writes (insert of a new transfer, update of an existing one) take the same variables. */
const TRANSFER_CORE_VARIABLES = {
  transferId: 'String!',
  rolloverId: 'String!',
  sourceCustodianId: 'String!',
  destinationCustodianId: 'String!',
  participantId: 'String!',
  participantFullName: 'String',
  sourceAccountId: 'String!',
  sourceAccountType: 'String!',
  sourceAccountLast4: 'String',
  destinationAccountId: 'String!',
  destinationAccountType: 'String!',
  destinationAccountLast4: 'String',
  requestedAmountCents: 'Int64!',
  amountCents: 'Int64!',
  fundsSentAmountCents: 'Int64',
  fundsSentMethod: 'String',
  fundsSentAt: 'Timestamp',
  fundsReceivedAmountCents: 'Int64',
  fundsReceivedAt: 'Timestamp',
  initiatedAt: 'Timestamp!',
  completedAt: 'Timestamp',
  durationMs: 'Int64',
  events: '[TransferEvent_Data!]!',
} as const;

export const OPERATIONS = {
  InsertAccount: {
    kind: 'mutation',
    variables: {
      accountId: 'String!',
      custodianId: 'String!',
      participantId: 'String!',
      accountType: 'String!',
      last4: 'String',
    },
  },
  InsertTransferCore: { kind: 'mutation', variables: TRANSFER_CORE_VARIABLES },
  UpdateTransferCore: { kind: 'mutation', variables: TRANSFER_CORE_VARIABLES },
  DeleteStaleTransferRows: {
    kind: 'mutation',
    variables: {
      transferId: 'String!',
      eventIds: '[String!]!',
      blockchainTransactionIds: '[String!]!',
      tokenMovementIds: '[String!]!',
    },
  },
  DeleteFinancialBreakdown: { kind: 'mutation', variables: { transferId: 'String!' } },
  UpsertFinancialBreakdown: {
    kind: 'mutation',
    variables: {
      transferId: 'String!',
      preTaxCents: 'Int64!',
      rothCents: 'Int64!',
      afterTaxCents: 'Int64!',
      employerMatchCents: 'Int64',
    },
  },
  UpsertBlockchainTransactions: { kind: 'mutation', variables: { transactions: '[BlockchainTransaction_Data!]!' } },
  UpsertTokenMovements: { kind: 'mutation', variables: { movements: '[TokenMovement_Data!]!' } },
  MarkTransferCompleted: {
    kind: 'mutation',
    variables: {
      transferId: 'String!',
      historyId: 'String!',
      changedAt: 'Timestamp!',
      actor: 'String!',
      auditId: 'String!',
      details: 'Any',
    },
  },
  UpsertAnalyticsRow: {
    kind: 'mutation',
    variables: {
      custodianId: 'String!',
      granularity: 'String!',
      periodStart: 'Date!',
      completedCount: 'Int!',
      volumeCents: 'Int64!',
      avgCompletionMs: 'Float',
      inboundCount: 'Int!',
      outboundCount: 'Int!',
    },
  },
  UpsertEtlRun: {
    kind: 'mutation',
    variables: {
      rolloverId: 'String!',
      attempt: 'Int!',
      status: 'String!',
      phaseTimingsMs: 'Any!',
      processingTimeMs: 'Int64',
      startedAt: 'Timestamp!',
      finishedAt: 'Timestamp',
      error: 'String',
    },
  },
  GetCoreOwners: {
    kind: 'query',
    variables: { transferId: 'String!', sourceAccountId: 'String!', destinationAccountId: 'String!' },
  },
  GetCustodianWindowStats: {
    kind: 'query',
    variables: {
      custodianId: 'String!',
      granularity: 'String!',
      periodStart: 'Date!',
      from: 'Timestamp!',
      to: 'Timestamp!',
    },
  },
  GetTransferReadBack: {
    kind: 'query',
    variables: {
      transferId: 'String!',
      custodianIds: '[String!]!',
      accountIds: '[String!]!',
      participantId: 'String!',
    },
  },
  GetRolloverWindowStats: {
    kind: 'query',
    variables: {
      custodianId: 'String!',
      dailyStart: 'Date!',
      dailyFrom: 'Timestamp!',
      dailyTo: 'Timestamp!',
      weeklyStart: 'Date!',
      weeklyFrom: 'Timestamp!',
      weeklyTo: 'Timestamp!',
      monthlyStart: 'Date!',
      monthlyFrom: 'Timestamp!',
      monthlyTo: 'Timestamp!',
      quarterlyStart: 'Date!',
      quarterlyFrom: 'Timestamp!',
      quarterlyTo: 'Timestamp!',
      yearlyStart: 'Date!',
      yearlyFrom: 'Timestamp!',
      yearlyTo: 'Timestamp!',
    },
  },
  GetMonthlySummary: { kind: 'query', variables: { custodianId: 'String!', periodStart: 'Date!' } },
  ListAnalyticsRows: {
    kind: 'query',
    variables: { custodianId: 'String!', granularity: 'String!', from: 'Date!', to: 'Date!' },
  },
  ListTransferCompletionsChangedSince: { kind: 'query', variables: { custodianId: 'String!', since: 'Timestamp!' } },
  ListCustodianIds: { kind: 'query', variables: {} },
} as const;

type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;
export type QueryName = { [N in OperationName]: Operations[N]['kind'] extends 'query' ? N : never }[OperationName];
export type MutationName = Exclude<OperationName, QueryName>;

type Declared<N extends OperationName> = Operations[N]['variables'];
type RequiredKeys<N extends OperationName> = {
  [K in keyof Declared<N>]: Declared<N>[K] extends `${string}!` ? K : never;
}[keyof Declared<N>];

/**
 * The variables of operation N: non-null ones required, nullable ones optional. Leaving a nullable
 * one out (undefined) keeps the stored value on upsert; null clears it.
 */
export type VariablesOf<N extends OperationName> = { [K in RequiredKeys<N>]: unknown } & {
  [K in Exclude<keyof Declared<N>, RequiredKeys<N>>]?: unknown;
};
