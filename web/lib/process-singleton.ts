import 'server-only';
// One instance per server process. Next.js bundles each route on its own, so a module-level
// variable would be one per route bundle: a hub, a pool or a cache must live on globalThis, under a
// registered symbol, for every route to share it.

/** A getter for `name`'s process-wide instance, created on first use. */
export function processSingleton<T>(name: string, create: () => T): () => T {
  const key = Symbol.for(`trustrails.web.${name}`);
  return () => {
    const holder = globalThis as { [key: symbol]: T | undefined };
    return (holder[key] ??= create());
  };
}
