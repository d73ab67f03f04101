import 'server-only';
// Remembers verified credentials for a short time, so a page's many API calls cost one revocation
// check, not one each. Entries expire after the configured TTL (≤ 30 s) or when the credential
// itself does, whichever comes first; only successes are kept. Keys are SHA-256 digests, so the
// process never holds a second copy of a live token.
import { createHash } from 'node:crypto';

interface Entry<V> {
  value: V;
  uid: string;
  expiresAt: number;
}

export class VerifiedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: () => number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private static key(credential: string): string {
    return createHash('sha256').update(credential).digest('base64url');
  }

  get(credential: string): V | undefined {
    const key = VerifiedCache.key(credential);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps a verified value until the TTL ends, but never past the credential's own expiry. */
  set(credential: string, uid: string, value: V, credentialExpiresAt: number): void {
    const ttl = this.ttlMs();
    if (ttl <= 0) return;
    // Map keeps insertion order: past the bound, the oldest entries go first.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(VerifiedCache.key(credential), {
      value,
      uid,
      expiresAt: Math.min(this.now() + ttl, credentialExpiresAt),
    });
  }

  /** Drops every entry of a user, e.g. after this process revoked their sessions. */
  forgetUser(uid: string): void {
    for (const [key, entry] of this.entries) if (entry.uid === uid) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
