// Fills the notification channels into ops/monitoring's alert policies. The committed policies hold
// the placeholder "$NOTIFICATION_CHANNELS", so no project's channel ids live in the repository and
// each project (staging, production) pages its own people. docs/monitoring.md applies the output.
// Usage: ETL_ALERT_NOTIFICATION_CHANNELS=projects/P/notificationChannels/ID[,…] \
//        npx tsx scripts/monitoring/render-policies.ts <output folder>
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settings } from '../settings';

export const POLICIES_DIR = join(__dirname, '..', '..', 'ops', 'monitoring', 'policies');
export const CHANNELS_PLACEHOLDER = '$NOTIFICATION_CHANNELS';
const CHANNEL = /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/notificationChannels\/[0-9]+$/;

/** The channels' full resource names, from a comma-separated setting; at least one, each well-formed. */
export function parseChannels(raw: string | undefined): string[] {
  const channels = (raw ?? '')
    .split(',')
    .map((channel) => channel.trim())
    .filter(Boolean);
  if (channels.length === 0)
    throw new Error(
      'ETL_ALERT_NOTIFICATION_CHANNELS is empty: list the channels to page, comma-separated, as ' +
        'projects/<project>/notificationChannels/<id> (gcloud beta monitoring channels list --format="value(name)")',
    );
  const bad = channels.filter((channel) => !CHANNEL.test(channel));
  if (bad.length > 0)
    throw new Error(
      `not a notification channel name: ${bad.join(', ')} (expected projects/<project>/notificationChannels/<id>)`,
    );
  return channels;
}

/** The policy with its placeholder replaced by `channels`; refuses a policy without the placeholder. */
export function renderPolicy(policy: Record<string, unknown>, channels: string[]): Record<string, unknown> {
  const current = policy.notificationChannels;
  if (!Array.isArray(current) || current.length !== 1 || current[0] !== CHANNELS_PLACEHOLDER)
    throw new Error(
      `policy "${String(policy.displayName)}" must list exactly ["${CHANNELS_PLACEHOLDER}"] as its channels`,
    );
  return { ...policy, notificationChannels: channels };
}

function main(): void {
  const output = process.argv[2];
  if (!output) throw new Error('usage: render-policies.ts <output folder>');
  const channels = parseChannels(settings.alertNotificationChannels());
  mkdirSync(output, { recursive: true });
  for (const file of readdirSync(POLICIES_DIR).filter((name) => name.endsWith('.json'))) {
    const policy = JSON.parse(readFileSync(join(POLICIES_DIR, file), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(output, file), `${JSON.stringify(renderPolicy(policy, channels), null, 2)}\n`);
    console.log(`${join(output, file)}: ${channels.length} channel(s)`);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
