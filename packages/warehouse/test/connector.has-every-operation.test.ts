// Every operation the dataconnect adapter runs exists in the `etl` connector with the same kind
// and variables, follows the connector conventions, and validates against the tables in schema.gql.
import { Kind, buildSchema, parse, print, validate, type OperationDefinitionNode } from 'graphql';
import { OPERATIONS } from '../src/dataconnect/operations';
import { generatedSchemaSdl, loadModel, readDataconnect } from './support/data-connect-model';

const FILES = ['etl/queries.gql', 'etl/mutations.gql'];
const VERBS = /^(Get|List|Upsert|Mark|Insert|Update|Delete)[A-Z]/;

const sources = FILES.map((file) => ({ file, text: readDataconnect(file) }));
const operations = sources.flatMap(({ file, text }) =>
  parse(text)
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((node) => ({ file, text, node, name: node.name?.value ?? '' })),
);
const byName = new Map(operations.map((op) => [op.name, op]));

describe('the etl connector', () => {
  it('declares connectorId "etl"', () => {
    expect(readDataconnect('etl/connector.yaml')).toMatch(/^connectorId: ["']etl["']$/m);
  });

  it.each(Object.entries(OPERATIONS))('has %s with the variables the adapter sends', (name, declared) => {
    const op = byName.get(name);
    expect(op).toBeDefined();
    expect(op!.node.operation).toBe(declared.kind);
    const variables = Object.fromEntries(
      (op!.node.variableDefinitions ?? []).map((v) => [v.variable.name.value, print(v.type)]),
    );
    expect(variables).toEqual(declared.variables);
  });

  it('holds no operation the adapter does not use', () => {
    expect(operations.map((op) => op.name).sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s is PascalCase verb-first, commented and has an @auth level',
    (_, op) => {
      expect(op.name).toMatch(VERBS);
      const auth = op.node.directives?.find((d) => d.name.value === 'auth');
      const level = auth?.arguments?.find((a) => a.name.value === 'level')?.value;
      expect(level?.kind === Kind.ENUM ? level.value : undefined).toBe('NO_ACCESS');
      const lineBefore = op.text.slice(0, op.node.loc!.start).trimEnd().split('\n').pop();
      expect(lineBefore).toMatch(/^# \S/);
    },
  );

  it('validates against the fields Data Connect generates from schema.gql', () => {
    const schema = buildSchema(generatedSchemaSdl(loadModel()));
    for (const { file, text } of sources) {
      const errors = validate(schema, parse(text)).map((e) => `${file}: ${e.message}`);
      expect(errors).toEqual([]);
    }
  });
});
