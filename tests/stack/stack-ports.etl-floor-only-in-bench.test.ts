// bench:etl's floor pipeline is a second functions codebase that only the benchmark's stack deploys:
// the committed firebase.json (npm start, deploys) never lists it, and --etl-floor's config does.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, firebaseConfigPath } from '../../scripts/stack/ports';

type Codebase = { source: string; codebase: string };
const codebases = (path: string): Codebase[] => JSON.parse(readFileSync(path, 'utf8')).functions;

describe('stack config for the ETL floor', () => {
  it('leaves the floor out of the committed firebase.json and of the default stack config', () => {
    expect(codebases(join(ROOT, 'firebase.json')).map((c) => c.codebase)).toEqual(['default']);
    expect(codebases(firebaseConfigPath()).map((c) => c.codebase)).toEqual(['default']);
  });

  it('adds the floor codebase, from bench/etl/floor, with --etl-floor', () => {
    const config = codebases(firebaseConfigPath({ etlFloor: true }));
    expect(config.map((c) => c.codebase)).toEqual(['default', 'floor']);
    const floor = config.find((c) => c.codebase === 'floor')!;
    expect(floor.source).toBe('bench/etl/floor');
    const pkg = JSON.parse(readFileSync(join(ROOT, floor.source, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('lib/index.js');
    expect(existsSync(join(ROOT, floor.source, 'src', 'index.ts'))).toBe(true);
  });
});
