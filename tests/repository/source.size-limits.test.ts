// Small files and small functions: no source file over 300 lines and no function, method or arrow
// over 80, measured with the TypeScript compiler's own parser over every tracked source file of
// functions/src, packages/*/src, web (its tests aside), scripts and bench. A function's lines run
// from its first token to its last, nested functions included.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

const SOURCE = /^(functions\/src|packages\/[^/]+\/src|web|scripts|bench)\//;
const TEST = /(^|\/)(test|tests|__tests__)\/|\.test\.[cm]?[jt]sx?$/;

const sources = execFileSync('git', ['ls-files', '-z', '--', '.'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => /\.[cm]?[jt]sx?$/.test(path) && !path.endsWith('.d.ts') && !path.endsWith('.d.cts'))
  .filter((path) => SOURCE.test(path) && !TEST.test(path) && existsSync(join(ROOT, path)));

const lineOf = (file: ts.SourceFile, position: number) => file.getLineAndCharacterOfPosition(position).line + 1;

function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return '(anonymous)';
}

const isFunction = (node: ts.Node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

/** Every function-like node of a file, with its length in lines. */
export function functionLengths(path: string, text: string): { name: string; line: number; lines: number }[] {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const found: { name: string; line: number; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (isFunction(node)) {
      const line = lineOf(file, node.getStart(file));
      found.push({ name: nameOf(node), line, lines: lineOf(file, node.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const fileLines = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('source size limits', () => {
  it('measures every source folder, and would catch a long function of any kind', () => {
    for (const folder of ['functions/src/', 'packages/warehouse/src/', 'web/', 'scripts/', 'bench/'])
      expect(sources.some((path) => path.startsWith(folder))).toBe(true);
    expect(sources.some((path) => TEST.test(path))).toBe(false);
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  step(${i});`).join('\n');
    const lengths = functionLengths(
      'sample.tsx',
      [
        `function long() {\n${body}\n}`,
        `const arrow = () => {\n${body}\n};`,
        `class Holder {\n  method() {\n${body}\n  }\n}`,
        `export function Page() {\n  return (<div>\n${body}\n  </div>);\n}`,
      ].join('\n'),
    );
    expect(lengths.map((f) => [f.name, f.lines > MAX_FUNCTION_LINES])).toEqual([
      ['long', true],
      ['arrow', true],
      ['method', true],
      ['Page', true],
    ]);
    expect(fileLines('a\nb\n')).toBe(2);
  });

  it(`has no source file over ${MAX_FILE_LINES} lines`, () => {
    const long = sources
      .map((path) => ({ path, lines: fileLines(readFileSync(join(ROOT, path), 'utf8')) }))
      .filter((f) => f.lines > MAX_FILE_LINES)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  it(`has no source function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = sources.flatMap((path) =>
      functionLengths(path, readFileSync(join(ROOT, path), 'utf8'))
        .filter((f) => f.lines > MAX_FUNCTION_LINES)
        .map((f) => `${path}:${f.line} ${f.name}: ${f.lines} lines`),
    );
    expect(long).toEqual([]);
  });
});
