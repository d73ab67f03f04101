'use client';
// useFreshnessBeacon: the dashboard reports how fresh its cards are (lib/freshness/render-sampler.ts)
// to POST /api/events/freshness, with fetch keepalive (same-origin, the session cookie, JSON; it
// survives the tab closing like sendBeacon, which cannot send JSON's content type). A failed beacon
// is dropped: it is a sample, and nothing waits on it.
import type { StreamMessage } from '@trustrails/contracts';
import { FRESHNESS_BEACON_PATH, type FreshnessBeaconBody } from '@trustrails/contracts/freshness';
import { useEffect, useMemo } from 'react';
import { RenderSampler } from '@/lib/freshness/render-sampler';

/** The sampler's clock: monotonic, read when a message arrives or the cards render, never during render. */
const monotonicNow = (): number => performance.now();

function sendBeacon(beacon: FreshnessBeaconBody): void {
  void fetch(FRESHNESS_BEACON_PATH, {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(beacon),
  }).catch(() => undefined);
}

/**
 * `cards` identifies the figures on screen (null while unknown); returns the stream-message handler
 * to pass to useAnalyticsRefresh.
 */
export function useFreshnessBeacon(
  custodianId: string,
  cards: string | null,
): (message: StreamMessage, id: string) => void {
  const sampler = useMemo(() => new RenderSampler({ custodianId, send: sendBeacon, now: monotonicNow }), [custodianId]);
  // After React committed the cards: a passive effect runs once the new figures are on screen.
  useEffect(() => sampler.rendered(cards), [sampler, cards]);
  return useMemo(() => (message: StreamMessage, id: string) => sampler.received(message, id), [sampler]);
}
