'use client';
// useRunStream: the admins' live run stream (GET /api/etl/runs/stream). Calls onChange with the
// run for every change, and with null once after a reconnect whose gap the server could not replay
// (the caller then refetches). The browser's EventSource reconnects with Last-Event-ID itself.
import { useEffect, useRef, useState } from 'react';
import type { ConnectionState } from '../lib/analytics-refresh/controller';
import type { EtlRunView } from '../lib/etl/run-view';

export const RUN_STREAM_URL = '/api/etl/runs/stream';

export function useRunStream(onChange: (run: EtlRunView | null) => void): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  const handler = useRef(onChange);
  handler.current = onChange;

  useEffect(() => {
    const source = new EventSource(RUN_STREAM_URL, { withCredentials: true });
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
    source.addEventListener('run', (event) =>
      handler.current(JSON.parse((event as MessageEvent<string>).data) as EtlRunView),
    );
    source.addEventListener('replay', (event) => {
      const complete = (() => {
        try {
          return (JSON.parse((event as MessageEvent<string>).data) as { complete?: unknown }).complete === true;
        } catch {
          return false;
        }
      })();
      if (!complete) handler.current(null);
    });
    return () => source.close();
  }, []);

  return state;
}
