// The scaling settings of docs/scaling.md are what the deployed functions declare, and they hold
// together: concurrency only with a whole CPU, no worker delivery waiting for a pool connection,
// and the warehouse functions' connections within WAREHOUSE_CONNECTION_BUDGET, or the load stops.
type Scaling = typeof import('../src/scaling');

async function load<T>(path: string, env: Record<string, string>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let loaded: T | undefined;
    await jest.isolateModulesAsync(async () => {
      loaded = (await import(path)) as T;
    });
    return loaded!;
  } finally {
    process.env = saved;
  }
}

interface Endpoint {
  maxInstances?: number;
  concurrency?: number;
  cpu?: number;
  availableMemoryMb?: number;
  timeoutSeconds?: number;
}

test('every deployed function declares the settings of its row in SCALING', async () => {
  const { SCALING } = await load<Scaling>('../src/scaling', {});
  const deployed = await load<Record<string, { __endpoint: Endpoint }>>('../src/index', {});
  expect(Object.keys(deployed).sort()).toEqual(Object.keys(SCALING).sort());
  for (const [name, fn] of Object.entries(deployed)) {
    const want = SCALING[name as keyof typeof SCALING];
    expect({ name, ...fn.__endpoint }).toMatchObject({
      name,
      maxInstances: want.maxInstances,
      concurrency: want.concurrency,
      cpu: want.cpu,
      availableMemoryMb: Number.parseInt(want.memory, 10),
      timeoutSeconds: want.timeoutSeconds,
    });
  }
});

test('concurrency comes with a whole CPU, and a worker never waits for a pool connection', async () => {
  // (12 + 1 + 2 + 1) instances × 6 connections = 96: over the default budget, so it is raised.
  const { SCALING } = await load<Scaling>('../src/scaling', {
    WAREHOUSE_POOL_SIZE: '6',
    WAREHOUSE_CONNECTION_BUDGET: '96',
  });
  const fractional = Object.entries(SCALING).filter(([, s]) => s.concurrency > 1 && s.cpu < 1);
  expect(fractional).toEqual([]);
  expect(SCALING.etlWorker.concurrency).toBe(6);
  expect(SCALING.etlBulkWorker.concurrency).toBe(6);
});

test('the defaults fit the budget: (12 + 1 + 2 + 1) instances × 5 connections = 80 of 90', async () => {
  const { SCALING, warehouseConnections } = await load<Scaling>('../src/scaling', {});
  expect(warehouseConnections(SCALING, 5)).toBe(80);
});

test('settings past the budget stop the load, naming each number', async () => {
  await expect(load<Scaling>('../src/scaling', { ETL_MAX_INSTANCES: '15' })).rejects.toThrow(
    'The warehouse functions may hold 95 connections (etlWorker 15 + etlBulkWorker 1 + etlAdmin 2 + etlReaggregate 1 instances × WAREHOUSE_POOL_SIZE 5), over WAREHOUSE_CONNECTION_BUDGET (90)',
  );
  await expect(
    load<Scaling>('../src/scaling', { ETL_MAX_INSTANCES: '15', WAREHOUSE_CONNECTION_BUDGET: '95' }),
  ).resolves.toBeDefined();
});
