import 'server-only';
// The SSE streams' settings, from the environment, validated with zod. Read per connection (a
// parse of a few variables) so an operator's change and the tests' short settings take effect
// without a restart; a bad value fails the request with the setting's name and valid range.
import { z } from 'zod';

const whole = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number from ${min} to ${max}` })
    .int(`${name} must be a whole number from ${min} to ${max}`)
    .min(min, `${name} must be a whole number from ${min} to ${max}`)
    .max(max, `${name} must be a whole number from ${min} to ${max}`)
    .default(fallback);

const flag = (name: string) => z.enum(['true', 'false'], { error: `${name} must be "true" or "false"` }).optional();

const StreamEnv = z.object({
  /** `: ping` interval; at most 15 s, the longest silence clients and proxies are promised. */
  SSE_HEARTBEAT_MS: whole('SSE_HEARTBEAT_MS', 10, 15_000, 10_000),
  /** How often an open stream re-verifies its caller; revocation must bite within 60 s in all. */
  SSE_RECHECK_MS: whole('SSE_RECHECK_MS', 50, 30_000, 30_000),
  /** The longest a stream stays open; then it ends cleanly and the client resumes with Last-Event-ID. */
  SSE_MAX_LIFETIME_MS: whole('SSE_MAX_LIFETIME_MS', 500, 3_600_000, 15 * 60_000),
  SSE_MAX_STREAMS_PER_USER: whole('SSE_MAX_STREAMS_PER_USER', 1, 100_000, 10),
  SSE_MAX_STREAMS_PER_PROCESS: whole('SSE_MAX_STREAMS_PER_PROCESS', 1, 100_000, 2_000),
  /** Events the hub keeps for Last-Event-ID replay (about 0.5 KB each). */
  SSE_REPLAY_BUFFER_EVENTS: whole('SSE_REPLAY_BUFFER_EVENTS', 100, 200_000, 10_000),
  /** Bytes queued for one slow client before the connection is dropped. */
  SSE_MAX_QUEUED_BYTES: whole('SSE_MAX_QUEUED_BYTES', 1_024, 64 * 1_048_576, 256 * 1_024),
  /** /api/events/stats outside development: off in production unless "true". */
  SSE_STATS_ENABLED: flag('SSE_STATS_ENABLED'),
  NODE_ENV: z.string().optional(),
});

export interface StreamSettings {
  heartbeatMs: number;
  recheckMs: number;
  maxLifetimeMs: number;
  maxStreamsPerUser: number;
  maxStreamsPerProcess: number;
  replayBufferEvents: number;
  maxQueuedBytes: number;
  statsEnabled: boolean;
}

export function streamSettings(env: Record<string, string | undefined> = process.env): StreamSettings {
  const parsed = StreamEnv.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  const e = parsed.data;
  return {
    heartbeatMs: e.SSE_HEARTBEAT_MS,
    recheckMs: e.SSE_RECHECK_MS,
    maxLifetimeMs: e.SSE_MAX_LIFETIME_MS,
    maxStreamsPerUser: e.SSE_MAX_STREAMS_PER_USER,
    maxStreamsPerProcess: e.SSE_MAX_STREAMS_PER_PROCESS,
    replayBufferEvents: e.SSE_REPLAY_BUFFER_EVENTS,
    maxQueuedBytes: e.SSE_MAX_QUEUED_BYTES,
    statsEnabled: e.SSE_STATS_ENABLED ? e.SSE_STATS_ENABLED === 'true' : e.NODE_ENV !== 'production',
  };
}
