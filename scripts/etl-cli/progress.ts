// A one-line terminal progress bar with counts and an ETA, redrawn in place on a TTY and printed
// as plain lines (at most every 10%) elsewhere, such as CI logs.
export function progressBar(total: number, label: string) {
  const started = Date.now();
  let lastTenth = -1;
  return (done: number, extra = '') => {
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const elapsed = (Date.now() - started) / 1000;
    const eta =
      done > 0 && fraction < 1 ? `${Math.round((elapsed / done) * (total - done))}s` : fraction >= 1 ? 'done' : '…';
    const width = 30;
    const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
    const line = `${label} [${bar}] ${done}/${total} ${(fraction * 100).toFixed(0)}% eta ${eta} ${extra}`;
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
