// Settings are read in one place per area: under functions/src only its config modules touch
// process.env, and under scripts/ only scripts/settings.ts (and the Node check that must run before
// any TypeScript loads). Every other module imports its settings from them, so each setting has one
// declaration, one description and one check.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

const CONFIG_MODULES: Record<string, readonly string[]> = {
  'functions/src': [
    'functions/src/config.ts',
    'functions/src/setting-readers.ts',
    'functions/src/retention-settings.ts',
    'functions/src/params.ts',
    'functions/src/warehouse-config.ts',
  ],
  scripts: ['scripts/settings.ts', 'scripts/runtime/node-major.cjs'],
};

const tracked = (folder: string) =>
  execFileSync('git', ['ls-files', '-z', '--', folder], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((path) => /\.[cm]?[jt]sx?$/.test(path) && existsSync(join(ROOT, path)));

/** The lines of a file where code (not a comment or a string) names process.env. */
export function envReads(path: string, text: string): number[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'env' &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process'
    )
      lines.push(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

describe('settings are read only in config modules', () => {
  it('finds reads of every form, and not in comments or strings', () => {
    const sample = [
      '// process.env.NOT_CODE',
      "const a = 'process.env.NOT_CODE';",
      'const b = process.env.X;',
      "const c = process.env['Y'];",
      'const { Z } = process.env;',
      'spawn(cmd, { env: { ...process.env } });',
    ].join('\n');
    expect(envReads('sample.ts', sample)).toEqual([3, 4, 5, 6]);
  });

  it('lists config modules that exist', () => {
    for (const path of Object.values(CONFIG_MODULES).flat()) expect(existsSync(join(ROOT, path))).toBe(true);
  });

  for (const [folder, allowed] of Object.entries(CONFIG_MODULES)) {
    it(`has no process.env under ${folder} outside its config modules`, () => {
      const files = tracked(folder);
      expect(files.length).toBeGreaterThan(5);
      const stray = files
        .filter((path) => !allowed.includes(path))
        .flatMap((path) => envReads(path, readFileSync(join(ROOT, path), 'utf8')).map((line) => `${path}:${line}`));
      expect(stray).toEqual([]);
    });
  }
});
