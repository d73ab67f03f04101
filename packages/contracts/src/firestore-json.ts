// The one Firestore-to-JSON mapping: a document's data as the admin API and the monitor send it,
// every Timestamp an ISO-8601 string. No zod and no firebase-admin here: a Timestamp is recognised
// by its toDate(), so the same mapping serves the functions and the web server.

/** A document's data as the API sends it: every timestamp an ISO-8601 string. */
export type Json<T> = T extends { toDate(): Date }
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

const isTimestamp = (value: unknown): value is { toDate(): Date } =>
  typeof value === 'object' && value !== null && typeof (value as { toDate?: unknown }).toDate === 'function';

export function toJson<T>(value: T): Json<T> {
  const convert = (v: unknown): unknown => {
    if (isTimestamp(v)) return v.toDate().toISOString();
    if (Array.isArray(v)) return v.map(convert);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v;
  };
  // The one place the shape is asserted: `convert` maps exactly what Json<T> describes.
  return convert(value) as Json<T>;
}
