// The two calls every part of the `dataconnect` adapter makes: run one of the `etl` connector's
// named queries or mutations (operations.ts) with its typed variables.
import type { MutationName, QueryName, VariablesOf } from './operations';

export type RunQuery = <T, N extends QueryName>(name: N, variables: VariablesOf<N>) => Promise<T>;
export type RunMutation = <N extends MutationName>(name: N, variables: VariablesOf<N>) => Promise<void>;

export interface Connector {
  query: RunQuery;
  mutate: RunMutation;
}
