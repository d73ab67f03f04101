// Finds the Firestore queries in a TypeScript file (for the index step, steps/firestore-indexes.ts):
// chains of where/orderBy on a query, a builder variable's chains (`query = query.where(…)`) taken
// together, Filter.or() split into one query per disjunct. Field names and collection ids are read
// from string literals or from constants' literal types; a collection reached through a helper
// (runsOf(db)) is resolved through the helper's return expression.
import { relative } from 'node:path';
import ts from 'typescript';

export interface Query {
  collection: string | null;
  equality: string[];
  range: string[];
  orderBy: { fieldPath: string; order: 'ASCENDING' | 'DESCENDING' }[];
  where: string;
}

const QUERY_METHODS = new Set([
  'where',
  'orderBy',
  'withConverter',
  'limit',
  'limitToLast',
  'startAt',
  'startAfter',
  'endAt',
  'endBefore',
  'select',
  'offset',
]);
const EQUALITY = new Set(['==', 'in', 'array-contains', 'array-contains-any']);

type Op =
  | { kind: 'filter'; alternatives: { field: string; op: string }[][] }
  | { kind: 'order'; field: string; order: 'ASCENDING' | 'DESCENDING' };

function literal(node: ts.Expression | undefined, checker: ts.TypeChecker): string | null {
  if (!node) return null;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isCallExpression(node) && node.getText().endsWith('documentId()')) return '__name__';
  const type = checker.getTypeAtLocation(node);
  return type.isStringLiteral() ? type.value : null;
}

/** The filters of one Filter.where / Filter.or / Filter.and expression, as alternatives. */
function filterAlternatives(node: ts.Expression, checker: ts.TypeChecker): { field: string; op: string }[][] {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const name = node.expression.name.text;
    if (name === 'where') {
      const field = literal(node.arguments[0], checker);
      const op = literal(node.arguments[1], checker);
      return field && op ? [[{ field, op }]] : [];
    }
    if (name === 'or') return node.arguments.flatMap((arg) => filterAlternatives(arg, checker));
    if (name === 'and')
      return node.arguments.reduce<{ field: string; op: string }[][]>(
        (acc, arg) => acc.flatMap((a) => filterAlternatives(arg, checker).map((b) => [...a, ...b])),
        [[]],
      );
  }
  return [];
}

/** The chain's operations (innermost first) and the expression it starts from. */
function unwind(call: ts.Expression, checker: ts.TypeChecker): { root: ts.Expression; ops: Op[] } {
  const ops: Op[] = [];
  let node = call;
  while (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    QUERY_METHODS.has(node.expression.name.text)
  ) {
    const method = node.expression.name.text;
    if (method === 'where') {
      const alternatives =
        node.arguments.length === 1
          ? filterAlternatives(node.arguments[0]!, checker)
          : filterAlternatives(node as ts.Expression, checker);
      ops.unshift({ kind: 'filter', alternatives });
    } else if (method === 'orderBy') {
      const field = literal(node.arguments[0], checker);
      const order = literal(node.arguments[1], checker) === 'desc' ? 'DESCENDING' : 'ASCENDING';
      if (field) ops.unshift({ kind: 'order', field, order });
    }
    node = node.expression.expression;
  }
  return { root: node, ops };
}

function collectionOf(root: ts.Expression, checker: ts.TypeChecker, depth = 0): string | null {
  if (depth > 4) return null;
  if (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression)) {
    if (root.expression.name.text === 'collection') return literal(root.arguments[0], checker);
  }
  // A helper (runsOf(db)) or a variable: follow its declaration to the expression it returns or holds.
  const target = ts.isCallExpression(root) ? root.expression : root;
  let symbol = checker.getSymbolAtLocation(target);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration) return null;
  let expression: ts.Expression | undefined;
  if (ts.isVariableDeclaration(declaration)) {
    expression = declaration.initializer;
    if (expression && (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)))
      expression = ts.isBlock(expression.body) ? undefined : expression.body;
  } else if (ts.isFunctionDeclaration(declaration) && declaration.body) {
    const ret = declaration.body.statements.find(ts.isReturnStatement);
    expression = ret?.expression;
  }
  if (!expression) return null;
  while (ts.isAsExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
  return collectionOf(unwind(expression, checker).root, checker, depth + 1);
}

/** The variable a chain is assigned to (`let query = …`, `query = …`), if any. */
function assignedTo(chain: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  const parent = chain.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === chain) return checker.getSymbolAtLocation(parent.name);
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === chain
  )
    return checker.getSymbolAtLocation(parent.left);
  return undefined;
}

function toQueries(collection: string | null, ops: Op[], where: string): Query[] {
  let variants: Query[] = [{ collection, equality: [], range: [], orderBy: [], where }];
  for (const op of ops) {
    if (op.kind === 'order') {
      variants.forEach((v) => v.orderBy.push({ fieldPath: op.field, order: op.order }));
      continue;
    }
    const alternatives = op.alternatives.length > 0 ? op.alternatives : [[]];
    variants = variants.flatMap((v) =>
      alternatives.map((filters) => ({
        ...v,
        equality: [...v.equality, ...filters.filter((f) => EQUALITY.has(f.op)).map((f) => f.field)],
        range: [...v.range, ...filters.filter((f) => !EQUALITY.has(f.op)).map((f) => f.field)].filter(
          (f, i, all) => all.indexOf(f) === i,
        ),
        orderBy: [...v.orderBy],
      })),
    );
  }
  return variants;
}

export function queriesIn(file: ts.SourceFile, checker: ts.TypeChecker, root: string): Query[] {
  const chains: ts.CallExpression[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['where', 'orderBy'].includes(node.expression.name.text) &&
      !(ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Filter')
    ) {
      // Only the outermost where/orderBy of a chain: its parent is not a further query method.
      const parent = node.parent;
      const continues =
        ts.isPropertyAccessExpression(parent) &&
        ['where', 'orderBy'].includes(parent.name.text) &&
        ts.isCallExpression(parent.parent);
      if (!continues) chains.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // A builder variable's operations, from every chain assigned to it, in source order.
  const builders = new Map<ts.Symbol, { collection: string | null; ops: Op[]; where: string }>();
  const queries: Query[] = [];
  for (const chain of chains) {
    const { root: start, ops } = unwind(chain, checker);
    const startSymbol = ts.isIdentifier(start) ? checker.getSymbolAtLocation(start) : undefined;
    const base = startSymbol ? builders.get(startSymbol) : undefined;
    const collection = base?.collection ?? collectionOf(start, checker);
    const all = [...(base?.ops ?? []), ...ops];
    const { line } = file.getLineAndCharacterOfPosition(chain.getStart());
    const where = `${relative(root, file.fileName)}:${line + 1}`;
    const target = assignedTo(chain, checker);
    // A builder's intermediate states never run; its final state (below) does.
    if (target) builders.set(target, { collection, ops: all, where });
    else queries.push(...toQueries(collection, all, where));
  }
  for (const { collection, ops, where } of builders.values()) queries.push(...toQueries(collection, ops, where));
  return queries;
}
