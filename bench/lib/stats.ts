// Summary statistics for benchmark samples, and the target-beside-measured line every bench prints.
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (samples: number[]) => percentile(samples, 50);

export function report(
  name: string,
  measured: number,
  unit: string,
  target: { op: '<=' | '>='; value: number } | null,
): boolean {
  const pass = target === null || (target.op === '<=' ? measured <= target.value : measured >= target.value);
  const targetText = target ? `target ${target.op} ${target.value} ${unit}` : 'no target';
  console.log(
    `${pass ? 'PASS' : 'MISS'}  ${name.padEnd(52)} ${measured.toFixed(1).padStart(9)} ${unit.padEnd(6)} (${targetText})`,
  );
  return pass;
}

/** One row of a side-by-side table: ours, a baseline measured in the same run, and baseline/ours. */
export interface Comparison {
  name: string;
  unit: string;
  ours: number;
  baseline: number;
}

export function compare(title: string, rows: Comparison[]): void {
  const cell = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : String(value)).padStart(10);
  // Below 1 ms ours is within timer resolution, so the ratio is only a lower bound.
  const ratio = (row: Comparison) =>
    row.unit === 'ms' && row.ours < 1
      ? `>${row.baseline.toFixed(0)}x`
      : row.ours === 0
        ? row.baseline === 0
          ? '1.0x'
          : 'inf'
        : `${(row.baseline / row.ours).toFixed(1)}x`;
  console.log(title);
  console.log(`      ${'figure'.padEnd(52)} ${'ours'.padStart(10)} ${'baseline'.padStart(10)} unit   baseline/ours`);
  for (const row of rows)
    console.log(
      `      ${row.name.padEnd(52)} ${cell(row.ours)} ${cell(row.baseline)} ${row.unit.padEnd(6)} ${ratio(row).padStart(8)}`,
    );
}
