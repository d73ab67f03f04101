// The lease and re-open settings are checked when the functions load: a combination that would
// let a live worker's lease outlast its timeout, or a re-open cap below its base, stops the load
// with a message naming the setting and what is valid.
async function loadConfig(env: Record<string, string>): Promise<typeof import('../src/config')> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let config: typeof import('../src/config') | undefined;
    await jest.isolateModulesAsync(async () => {
      config = await import('../src/config');
    });
    return config!;
  } finally {
    process.env = saved;
  }
}

test('a lease longer than the worker timeout is refused at load', async () => {
  await expect(loadConfig({ ETL_LEASE_SECONDS: '400', ETL_WORKER_TIMEOUT_SECONDS: '300' })).rejects.toThrow(
    /ETL_LEASE_SECONDS=400 is not valid with the workers' timeout of 300 s .*: use a lease from 2 to 300/,
  );
});

test('a re-open cap below the base wait is refused at load', async () => {
  await expect(loadConfig({ ETL_REOPEN_BASE_SECONDS: '600', ETL_REOPEN_MAX_SECONDS: '60' })).rejects.toThrow(
    /ETL_REOPEN_MAX_SECONDS=60 is not valid with ETL_REOPEN_BASE_SECONDS=600/,
  );
});

test('the defaults load and give the sweeper its re-open policy', async () => {
  expect((await loadConfig({})).sweepSettings.reopen).toEqual({
    baseDelayMs: 300_000,
    maxDelayMs: 3_600_000,
    maxReopenings: 10,
  });
});
