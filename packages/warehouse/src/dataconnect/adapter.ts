// The `dataconnect` adapter (selectable; `postgres` is the production default): the port through firebase-admin/data-connect,
// running the `etl` connector's named operations (dataconnect/etl/*.gql, listed in operations.ts)
// with executeQuery/executeMutation. Without impersonation the Admin SDK bypasses @auth, so the
// NO_ACCESS operations are reachable from the server and nowhere else. Split like the postgres
// adapter: core writes (core-writes.ts, record-writes.ts), analytics (analytics.ts), read-back
// (read-back.ts), and the cards' reads (card-reads.ts).
import { getApps, initializeApp } from 'firebase-admin/app';
import { getDataConnect, type DataConnect } from 'firebase-admin/data-connect';
import type { MonthlySummary, TimeSeries } from '@trustrails/contracts';
import type {
  EtlRunRecord,
  MarkCompletedContext,
  ReaggregateCustodianInput,
  ReaggregateCustodianResult,
  ReaggregateInput,
  ReadBack,
  RevisedFrom,
  RolloverAggregate,
  Warehouse,
} from '../port';
import { UnsupportedByAdapterError } from '../errors';
import type { TimeSeriesQuery } from '../time-series';
import * as analytics from './analytics';
import * as cards from './card-reads';
import type { Connector } from './connector';
import { writeCore } from './core-writes';
import type { MutationName, QueryName, VariablesOf } from './operations';
import { readBack } from './read-back';
import { markCompleted, recordEtlRun, writeChain } from './record-writes';

export interface DataConnectConfig {
  serviceId: string;
  location: string;
  connector: string;
}

export class DataConnectWarehouse implements Warehouse {
  readonly kind = 'dataconnect' as const;
  private readonly dc: Connector;

  constructor(config: DataConnectConfig) {
    const app = getApps().find((a) => a.name === '[DEFAULT]') ?? initializeApp();
    const dc: DataConnect = getDataConnect(
      { serviceId: config.serviceId, location: config.location, connector: config.connector },
      app,
    );
    this.dc = {
      query: async <T, N extends QueryName>(name: N, variables: VariablesOf<N>) =>
        (await dc.executeQuery<T, VariablesOf<N>>(name, variables)).data,
      mutate: async <N extends MutationName>(name: N, variables: VariablesOf<N>) => {
        await dc.executeMutation<unknown, VariablesOf<N>>(name, variables);
      },
    };
  }

  writeCore(rollover: RolloverAggregate, revisedFrom: RevisedFrom | null = null): Promise<void> {
    return writeCore(this.dc, rollover, revisedFrom);
  }

  writeChain(rollover: RolloverAggregate) {
    return writeChain(this.dc, rollover);
  }

  markCompleted(rollover: RolloverAggregate, context: MarkCompletedContext): Promise<void> {
    return markCompleted(this.dc, rollover, context);
  }

  refreshAnalytics(custodianIds: string[], at: Date): Promise<void> {
    return analytics.refreshAnalytics(this.dc, custodianIds, at);
  }

  listCustodianIds(): Promise<string[]> {
    return analytics.listCustodianIds(this.dc);
  }

  reaggregateWindows(input: ReaggregateInput): Promise<{ custodians: number; rows: number }> {
    return analytics.reaggregateWindows(this.dc, input);
  }

  reaggregateCustodian(input: ReaggregateCustodianInput): Promise<ReaggregateCustodianResult> {
    return analytics.reaggregateCustodian(this.dc, input);
  }

  readBack(rollover: RolloverAggregate, revisedFrom: RevisedFrom | null = null): Promise<ReadBack> {
    return readBack(this.dc.query, rollover, revisedFrom);
  }

  recordEtlRun(run: EtlRunRecord): Promise<void> {
    return recordEtlRun(this.dc, run);
  }

  getMonthlySummary(custodianId: string, month: string): Promise<MonthlySummary> {
    return cards.getMonthlySummary(this.dc, custodianId, month);
  }

  getTimeSeries(query: TimeSeriesQuery): Promise<TimeSeries> {
    return cards.getTimeSeries(this.dc, query);
  }

  async dataQuality(): Promise<never> {
    // The connector has no grouped, joined read that could count these; the postgres adapter
    // (the production default) answers it.
    throw new UnsupportedByAdapterError('dataQuality', 'dataconnect');
  }

  async close(): Promise<void> {
    // The Admin SDK owns its HTTP agent and app; nothing here belongs to this adapter.
  }
}
