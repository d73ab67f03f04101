// What every admin route's handler is: its dependencies, who asked, and its parsed input in; its
// answer (typed by the route's answer schema in packages/contracts admin-route-schemas.ts) out. A
// refusal is an HttpError (auth.ts) with its status.
import type { Firestore } from 'firebase-admin/firestore';
import type { AdminRouteAnswer, AdminRouteInput, AdminRouteName } from '@trustrails/contracts';
import type { AnalyticsReader, Reaggregator } from '@trustrails/warehouse';
import type { EtlQueue } from '../../etl/enqueue';
import type { SweepOptions } from '../../operations/sweep';

export interface AdminDeps {
  db: Firestore;
  warehouse: () => Reaggregator & AnalyticsReader;
  queue: EtlQueue;
  sweepOptions: SweepOptions;
}

/** The admin who called: their uid, and their email when the token carries one. */
export interface Actor {
  uid: string;
  email: string | null;
}

export type RouteHandler<N extends AdminRouteName> = (
  deps: AdminDeps,
  input: AdminRouteInput<N>,
  actor: Actor,
) => Promise<AdminRouteAnswer<N>>;

/** One handler per route of the vocabulary, no more: a missing or extra one fails to compile. */
export type RouteHandlers<Names extends AdminRouteName = AdminRouteName> = { [N in Names]: RouteHandler<N> };
