'use client';
// useAlertStream: the open alerts, live from GET /api/etl/alerts/stream, and the stream's
// connection state. Each `alert` event is an alert's state now (one per condition), so the open
// set is kept by condition; every (re)connection gets every alert again, so a gap needs no refetch.
import { useState } from 'react';
import type { EtlAlert } from '@trustrails/contracts';
import type { ConnectionState } from '@/lib/analytics-refresh/controller';
import { useResilientStream } from './use-resilient-stream';

export const ALERT_STREAM_URL = '/api/etl/alerts/stream';

export function useOpenAlerts(): { alerts: EtlAlert[]; state: ConnectionState } {
  const [alerts, setAlerts] = useState<Record<string, EtlAlert>>({});
  const state = useResilientStream(
    ALERT_STREAM_URL,
    {
      alert: (data) => {
        const alert = JSON.parse(data) as EtlAlert;
        setAlerts((current) => ({ ...current, [alert.condition]: alert }));
      },
    },
    () => undefined,
  );
  return { alerts: Object.values(alerts).filter((alert) => alert.state === 'open'), state };
}
