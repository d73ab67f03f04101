/** The major of package.json's `engines.node` ("22.x"). */
export function requiredNodeMajor(): number;
/**
 * Throws, naming the one-line fix, when `what` runs on another Node major than the project's.
 * `version` is the running Node's unless given (the preflight's tests pass another).
 */
export function assertNodeMajor(what: string, version?: string): void;
/** Puts the running Node's folder first on PATH, so children started as `node`, `npm` or a `#!/usr/bin/env node` tool run on it too. */
export function useThisNodeForChildren(): void;
