'use client';
// useAlertStream: the open alerts, live from GET /api/etl/alerts/stream. Each `alert` event is an
// alert's state now (one per condition), so the open set is kept by condition.
import { useEffect, useState } from 'react';
import type { EtlAlert } from '@trustrails/contracts';

export const ALERT_STREAM_URL = '/api/etl/alerts/stream';

export function useOpenAlerts(): EtlAlert[] {
  const [alerts, setAlerts] = useState<Record<string, EtlAlert>>({});
  useEffect(() => {
    const source = new EventSource(ALERT_STREAM_URL, { withCredentials: true });
    source.addEventListener('alert', (event) => {
      const alert = JSON.parse((event as MessageEvent<string>).data) as EtlAlert;
      setAlerts((current) => ({ ...current, [alert.condition]: alert }));
    });
    return () => source.close();
  }, []);
  return Object.values(alerts).filter((alert) => alert.state === 'open');
}
