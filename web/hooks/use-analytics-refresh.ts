'use client';
// useAnalyticsRefresh: one EventSource per tab on the global stream; on etl_completed for the
// shown custodian, one SWR revalidation of the summary key, so the three cards re-render together
// from one response. The logic lives in lib/analytics-refresh/controller.ts.
import { useEffect, useEffectEvent, useState } from 'react';
import { useSWRConfig } from 'swr';
import type { StreamMessage } from '@trustrails/contracts';
import { browserNetwork } from '@/lib/analytics-refresh/browser-network';
import { startAnalyticsRefresh, type EventSourceLike, type RefreshSnapshot } from '@/lib/analytics-refresh/controller';

export const GLOBAL_STREAM_URL = '/api/events/global-stream';

export interface AnalyticsRefreshOptions {
  /** null: every event the user may see (the admin monitor). */
  custodianId: string | null;
  /** The SWR key to revalidate on the signal. */
  summaryKey: string | null;
  fallbackMs?: number;
  onMessage?: (message: StreamMessage, id: string) => void;
}

export function useAnalyticsRefresh({
  custodianId,
  summaryKey,
  fallbackMs,
  onMessage,
}: AnalyticsRefreshOptions): RefreshSnapshot {
  const { mutate } = useSWRConfig();
  const [snapshot, setSnapshot] = useState<RefreshSnapshot>({ state: 'connecting', possiblyStale: false, feed: [] });
  // Effect events: the loop (started once per custodian) always calls the latest key and handler.
  const revalidate = useEffectEvent(() => {
    if (summaryKey) void mutate(summaryKey);
  });
  const deliver = useEffectEvent((message: StreamMessage, id: string) => onMessage?.(message, id));

  useEffect(() => {
    const controller = startAnalyticsRefresh({
      url: GLOBAL_STREAM_URL,
      custodianId,
      fallbackMs,
      revalidate: () => revalidate(),
      // The DOM EventSource satisfies the structural subset the controller uses.
      createEventSource: (url) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike,
      onChange: setSnapshot,
      onMessage: (message, id) => deliver(message, id),
      network: browserNetwork,
    });
    return () => controller.close();
  }, [custodianId, fallbackMs]);

  return snapshot;
}
