// Display formats shared by server and client: currency from integer cents, human durations.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Integer cents to "$1,234.56"; the division is for display only, never for stored money. */
export const formatCents = (cents: number): string => usd.format(cents / 100);

/** 5_400_000 → "1 h 30 min"; under a minute shows seconds. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export const formatMs = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;

/** An ISO time in the reader's locale; `missing` when there is none. */
export const formatTime = (iso: string | null | undefined, missing = '—'): string =>
  iso ? new Date(iso).toLocaleString() : missing;
