// Writing platform events that no trigger sees: the Functions emulator's own switch (on the
// emulator hub) for its background triggers. Backfill tests and the benchmark need completed
// rollovers whose runs do not exist yet, as after an outage of the trigger, without paying for the
// trigger's invocations; HTTPS functions (the admin API) keep working meanwhile.
const hub = () => `http://${process.env.FIREBASE_EMULATOR_HUB ?? '127.0.0.1:4400'}`;

async function put(path: string): Promise<void> {
  const response = await fetch(`${hub()}${path}`, { method: 'PUT', signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`PUT ${path} answered ${response.status}: ${await response.text()}`);
}

/** Runs `work` with every Firestore and Pub/Sub trigger off; on again afterwards, whatever happens. */
export async function withoutTriggers<T>(work: () => Promise<T>): Promise<T> {
  await put('/functions/disableBackgroundTriggers');
  try {
    return await work();
  } finally {
    await put('/functions/enableBackgroundTriggers');
  }
}
