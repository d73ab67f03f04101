'use client';
// useRunStream: the admins' live run stream (GET /api/etl/runs/stream). Calls onChange with the
// run for every change, and with null once after a reconnect whose gap the server could not replay
// (the caller then refetches). Reconnects with backoff (use-resilient-stream.ts).
import type { ConnectionState } from '@/lib/analytics-refresh/controller';
import type { EtlRunView } from '@/lib/etl/run-view';
import { useResilientStream } from './use-resilient-stream';

export const RUN_STREAM_URL = '/api/etl/runs/stream';

export function useRunStream(onChange: (run: EtlRunView | null) => void): ConnectionState {
  return useResilientStream(RUN_STREAM_URL, { run: (data) => onChange(JSON.parse(data) as EtlRunView) }, () =>
    onChange(null),
  );
}
