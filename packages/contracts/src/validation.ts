// Turns a zod error into a message and the list of field paths at fault.
import type { z } from 'zod';

export interface FieldProblems {
  message: string;
  fields: string[];
}

export function describeZodError(error: z.ZodError, prefix = ''): FieldProblems {
  const fields = error.issues.map((issue) => [prefix, ...issue.path.map(String)].filter(Boolean).join('.'));
  const message = error.issues.map((issue, i) => `${fields[i] || '(root)'}: ${issue.message}`).join('; ');
  return { message, fields: [...new Set(fields)] };
}
