// Ordered migrations. Append only: never edit one that has shipped.
import { initialSchema } from './001-initial-schema';
import { cascadeRequiredReferences } from './002-cascade-required-references';
import { transferStatusDefault } from './003-transfer-status-default';

export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { id: '001-initial-schema', sql: initialSchema },
  { id: '002-cascade-required-references', sql: cascadeRequiredReferences },
  { id: '003-transfer-status-default', sql: transferStatusDefault },
];
