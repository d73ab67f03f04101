// Data Connect's JSON forms: Int64 travels as a string (64-bit integers do not fit a JSON number
// safely), Timestamp as RFC 3339, Date as YYYY-MM-DD.
export function int64(value: number): string;
export function int64(value: number | null | undefined): string | null;
export function int64(value: number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value)) throw new Error(`Int64 value ${value} is not a safe integer`);
  return String(value);
}

/** Reads an Int64 (string) or Int (number) result; null and absent read as 0. */
export function readInt(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`expected an integer from Data Connect, got ${String(value)}`);
  return parsed;
}

export const timestamp = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);
