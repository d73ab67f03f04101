// A one-line terminal progress bar with counts and an ETA, redrawn in place on a TTY and printed
// as plain lines (at most every 10%) elsewhere, such as CI logs. The figures come from the
// estimate /etl's backfill progress uses too.
import { estimateProgress, etaLabel } from '@trustrails/contracts/progress-estimate';

export function progressBar(total: number, label: string) {
  const started = Date.now();
  let lastTenth = -1;
  // `grownTo`: a total that grows as the work is found (a backfill job still queueing its range).
  return (done: number, extra = '', grownTo = total) => {
    const estimate = estimateProgress(done, grownTo, Date.now() - started);
    const fraction = estimate.fraction;
    const width = 30;
    const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
    const line = `${label} [${bar}] ${done}/${grownTo} ${(fraction * 100).toFixed(0)}% eta ${etaLabel(estimate)} ${extra}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line}`);
      if (fraction >= 1) process.stdout.write('\n');
    } else if (Math.floor(fraction * 10) > lastTenth) {
      lastTenth = Math.floor(fraction * 10);
      console.log(line);
    }
  };
}

export function table(rows: Record<string, string | number | null>[]): string {
  if (rows.length === 0) return '(none)';
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => String(r[c] ?? '')))),
  ].join('\n');
}
