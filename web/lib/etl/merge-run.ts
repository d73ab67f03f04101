// A streamed run change applied to the monitor's page of recent runs, so /etl shows it at once
// instead of after the next read of the page: the run replaces its row unless the row is newer (a
// replayed change arriving after a fresh read), or, new, goes on top (the page is newest first by
// creation) within the page's size.
import type { EtlRunView, EtlRunsResponse } from './run-view';

const ms = (iso: string | null): number => (iso ? Date.parse(iso) : 0);

export function withRun(
  page: EtlRunsResponse | undefined,
  run: EtlRunView,
  limit: number,
): EtlRunsResponse | undefined {
  if (!page) return page;
  const at = page.runs.findIndex((r) => r.rolloverId === run.rolloverId);
  if (at < 0) return { runs: [run, ...page.runs].slice(0, limit) };
  if (ms(page.runs[at]!.updatedAt) > ms(run.updatedAt)) return page;
  return { runs: page.runs.map((r, i) => (i === at ? run : r)) };
}
