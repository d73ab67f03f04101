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
