// The seed's dashboard refresh, kept as a benchmark baseline (never shipped): on `transfer_completed`
// it waits a fixed 5 s, then reads volume and average time from one source and the count from
// another, in two requests that land when they land. The cards carry the same data-testid and
// data-value attributes as ours (docs/contracts/dashboard.md), so one observer measures both.
// The two sources (see server.ts): volume and time from the warehouse's monthly summary, the
// count from a Firestore count of this month's `etl.completed` events for the custodian.
export const REFRESH_AFTER_MS = 5_000;

export function dashboardPage(custodianId: string): string {
  const config = JSON.stringify({ custodianId, refreshAfterMs: REFRESH_AFTER_MS });
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>seed baseline dashboard</title></head>
<body>
<section aria-label="This month">
  <div data-testid="card-volume" data-value=""></div>
  <div data-testid="card-avg-time" data-value=""></div>
  <div data-testid="card-completion-count" data-value=""></div>
</section>
<div data-testid="connection-state" data-state="connecting"></div>
<script>
const config = ${config};
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const card = (id, value) => {
  const el = document.querySelector('[data-testid="' + id + '"]');
  el.setAttribute('data-value', typeof value === 'number' ? String(value) : '');
  el.textContent = typeof value === 'number' ? String(value) : '—';
};
const get = (path) =>
  fetch(path + '?custodianId=' + encodeURIComponent(config.custodianId), {
    headers: { authorization: 'Bearer ' + token },
  }).then((r) => r.json());
function refresh() {
  get('/summary').then((s) => { card('card-volume', s.volumeCents); card('card-avg-time', s.avgCompletionMs); });
  get('/count').then((c) => card('card-completion-count', c.completedCount));
}
refresh();
const es = new EventSource('/stream?token=' + encodeURIComponent(token));
es.onopen = () => document.querySelector('[data-testid="connection-state"]').setAttribute('data-state', 'live');
es.onmessage = (event) => {
  const m = JSON.parse(event.data);
  const mine = m.sourceCustodianId === config.custodianId || m.destinationCustodianId === config.custodianId;
  if (m.type === 'transfer_completed' && mine) setTimeout(refresh, config.refreshAfterMs);
};
</script>
</body></html>`;
}
