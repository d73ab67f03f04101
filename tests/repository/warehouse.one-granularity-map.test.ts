// One map from a granularity to SQL (issue 21): GRANULARITY_SQL in packages/warehouse/src/windows.ts
// gives date_trunc's unit and the window's interval; no other file that builds SQL (the packages,
// functions, scripts, benchmarks, test support) keeps a map of its own. The web builds no SQL: its
// chart's "per quarter" is a word for people, not a date_trunc unit.
import { sourceFiles, textOf } from '../support/source-files';

/** A granularity map written by hand: `quarterly:` keyed to a date_trunc unit or an interval. */
const granularityMaps = (text: string) =>
  /\bquarterly\s*:\s*(?:['"]quarter['"]|\{\s*(?:trunc|length)\b|['"]3 months['"])/.test(text);

test('maps granularities to SQL only in warehouse windows.ts', () => {
  expect(granularityMaps("const TRUNC = { daily: 'day', quarterly: 'quarter' };")).toBe(true);
  expect(granularityMaps("quarterly: { length: '3 months' },")).toBe(true);
  const files = [
    ...sourceFiles(['packages', 'functions/src', 'scripts', 'bench']),
    ...sourceFiles(['tests/support'], true),
  ];
  expect(files).toContain('tests/support/tables.ts');
  expect(files).toContain('packages/warehouse/src/windows.ts');
  expect(files.filter((path) => path !== 'packages/warehouse/src/windows.ts' && granularityMaps(textOf(path)))).toEqual(
    [],
  );
});
