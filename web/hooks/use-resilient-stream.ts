'use client';
// useResilientStream: a named-event stream (runs, alerts) through the dashboard's connection loop
// (lib/analytics-refresh/controller.ts), not a bare EventSource, which the browser closes for good
// after a 401, 429 or 5xx. It backs off and reconnects with ?lastEventId=, and calls onGap once
// after a reconnect whose gap the server could not replay, so the caller refetches.
import { useEffect, useEffectEvent, useState } from 'react';
import { browserNetwork } from '@/lib/analytics-refresh/browser-network';
import { startAnalyticsRefresh, type ConnectionState, type EventSourceLike } from '@/lib/analytics-refresh/controller';

export function useResilientStream(
  url: string,
  events: Readonly<Record<string, (data: string) => void>>,
  onGap: () => void,
): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  // Effect events: the loop (started once per URL) always calls the latest handlers.
  const eventNames = useEffectEvent(() => Object.keys(events));
  const handle = useEffectEvent((name: string, data: string) => events[name]?.(data));
  const gap = useEffectEvent(() => onGap());

  useEffect(() => {
    // The event names are read once per connection loop; their handlers are always the latest.
    const named = Object.fromEntries(eventNames().map((name) => [name, (data: string) => handle(name, data)]));
    const controller = startAnalyticsRefresh({
      url,
      custodianId: null,
      events: named,
      revalidate: () => gap(),
      // The DOM EventSource satisfies the structural subset the controller uses.
      createEventSource: (u) => new EventSource(u, { withCredentials: true }) as unknown as EventSourceLike,
      onChange: (snapshot) => setState(snapshot.state),
      network: browserNetwork,
    });
    return () => controller.close();
  }, [url]);

  return state;
}
