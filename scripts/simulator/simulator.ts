// Demo traffic for `npm start`: every few seconds, one realistic rollover lifecycle between the
// demo custodians (initiated → funds sent → funds received → sometimes chain → completed), written
// as the platform would, so a new user sees the cards, the feed and the ETL monitor move.
import { getApps, initializeApp } from 'firebase-admin/app';
import { Timestamp, getFirestore, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@trustrails/contracts';
import { liveEnv, settings } from '../settings';

export interface SimulatorOptions {
  intervalMs?: number;
  custodianIds?: readonly string[];
  db?: Firestore;
  /** Pause between the lifecycle's steps, so the feed shows a transfer progressing. */
  stepMs?: number;
  random?: () => number;
  log?: (line: string) => void;
}

const ACCOUNT_TYPES = ['401k', '403b', 'ira', 'roth-ira'] as const;
const NAMES = ['Avery Chen', 'Jordan Patel', 'Sam Rivera', 'Morgan Lee', 'Riley Okafor', 'Casey Novak'] as const;

/** What one lifecycle needs: where it writes, between whom, and its source of chance. */
interface Lifecycle {
  db: Firestore;
  custodians: readonly string[];
  random: () => number;
  stepMs: number;
  log?: (line: string) => void;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One rollover, initiated to completed, written event by event as the platform would. */
async function simulateLifecycle({ db, custodians, random, stepMs, log }: Lifecycle): Promise<void> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const [source, destination] = random() < 0.5 ? [custodians[0]!, custodians[1]!] : [custodians[1]!, custodians[0]!];
  const rolloverId = `sim-${Date.now().toString(36)}-${Math.floor(random() * 1e6).toString(36)}`;
  const transferId = `tr-${rolloverId}`;
  // $500 to $250,000 in whole cents; the lifecycle "took" 20 minutes to 3 days.
  const amountCents = 50_000 + Math.floor(random() * 24_950_000);
  const durationMs = 20 * 60_000 + Math.floor(random() * 3 * 24 * 3_600_000);
  const completedAt = Date.now();
  const at = (fraction: number) => Timestamp.fromMillis(completedAt - durationMs + Math.round(durationMs * fraction));
  const write = (suffix: string, eventType: string, fraction: number, eventData: Record<string, unknown>) =>
    db
      .collection(COLLECTIONS.events)
      .doc(`${rolloverId}-${suffix}`)
      .create({
        eventType,
        rolloverId,
        userId: 'demo-simulator',
        timestamp: at(fraction),
        eventData,
        source: 'rollover-platform-simulator',
      });
  const roth = Math.floor(amountCents * random() * 0.4);
  await write('initiated', 'rollover.initiated', 0, {
    transferId,
    sourceCustodianId: source,
    destinationCustodianId: destination,
    participant: { participantId: `p-${rolloverId}`, fullName: pick(NAMES) },
    sourceAccount: {
      accountId: `acct-${rolloverId}-s`,
      accountType: pick(ACCOUNT_TYPES),
      last4: String(1000 + Math.floor(random() * 9000)),
    },
    destinationAccount: { accountId: `acct-${rolloverId}-d`, accountType: pick(ACCOUNT_TYPES) },
    requestedAmountCents: amountCents,
    financialBreakdown: { preTaxCents: amountCents - roth, rothCents: roth, afterTaxCents: 0 },
  });
  await pause(stepMs);
  await write('sent', 'rollover.funds_sent', 0.4, {
    transferId,
    amountCents,
    method: pick(['ach', 'wire', 'check'] as const),
  });
  await pause(stepMs);
  await write('received', 'rollover.funds_received', 0.8, { transferId, amountCents });
  if (random() < 0.5) {
    await write('tx', 'blockchain.transaction_recorded', 0.85, {
      transferId,
      network: 'polygon-amoy',
      txHash: `0x${Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('')}`,
      blockNumber: 1_000_000 + Math.floor(random() * 1_000_000),
    });
    await write('mint', 'token.minted', 0.9, { transferId, tokenId: `tok-${rolloverId}`, amountCents });
  }
  await pause(stepMs);
  // Completion carries "now", so the transfer lands in the current month's cards.
  await db
    .collection(COLLECTIONS.events)
    .doc(`${rolloverId}-completed`)
    .create({
      eventType: 'rollover.completed',
      rolloverId,
      userId: 'demo-simulator',
      timestamp: Timestamp.fromMillis(Date.now()),
      eventData: { transferId, sourceCustodianId: source, destinationCustodianId: destination, amountCents },
      source: 'rollover-platform-simulator',
    });
  log?.(`simulated ${rolloverId}: ${source} → ${destination}, ${amountCents} cents`);
}

export function startSimulator(options: SimulatorOptions = {}): () => Promise<void> {
  if (!liveEnv().FIRESTORE_EMULATOR_HOST && !options.db) {
    throw new Error('refusing to simulate traffic: FIRESTORE_EMULATOR_HOST is not set (not an emulator)');
  }
  const lifecycle: Lifecycle = {
    db:
      options.db ??
      getFirestore(getApps()[0] ?? initializeApp({ projectId: settings.gcloudProject() ?? 'demo-trustrails' })),
    custodians: options.custodianIds ?? ['custodian-alpha', 'custodian-beta'],
    random: options.random ?? Math.random,
    stepMs: options.stepMs ?? 400,
    log: options.log,
  };
  const intervalMs = options.intervalMs ?? 6_000;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const tick = () => {
    if (stopped) return;
    const run = simulateLifecycle(lifecycle)
      .catch((error: unknown) => options.log?.(`simulator: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };
  const timer = setInterval(tick, intervalMs);
  tick();

  return async () => {
    stopped = true;
    clearInterval(timer);
    await Promise.all(inFlight);
  };
}
