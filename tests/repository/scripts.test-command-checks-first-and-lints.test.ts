// `npm test` is the README's test command and what CI runs (.ci/run). It checks its prerequisites
// before anything else, and lint and Prettier are part of it, before the long stages, so a lint
// error fails in a minute rather than after the emulator tests (issue 21).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
const steps = scripts.test!.split('&&').map((step) => step.trim());

describe('npm test', () => {
  it('checks its prerequisites first', () => {
    expect(steps[0]).toBe('node --import tsx scripts/stack/preflight.ts test');
  });

  it('runs ESLint and Prettier, before the unit and emulator stages', () => {
    expect(scripts.lint).toBe('eslint . && prettier --check .');
    const lint = steps.indexOf('npm run lint');
    expect(lint).toBeGreaterThan(0);
    for (const later of ['npm run test:unit', 'npm run test:emulators']) {
      expect(steps).toContain(later);
      expect(lint).toBeLessThan(steps.indexOf(later));
    }
  });

  it('is what CI runs', () => {
    const commands = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(commands.at(-1)).toBe('npm test');
  });
});
