// The scaling settings of docs/scaling.md are what the deployed functions declare, as params, and
// they hold together: concurrency only with a whole CPU, no worker delivery waiting for a pool
// connection, every function under a named service account, and the warehouse functions' and the
// web's connections within WAREHOUSE_CONNECTION_BUDGET, or the load stops.
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
  maxInstances?: unknown;
  concurrency?: unknown;
  cpu?: number;
  availableMemoryMb?: unknown;
  timeoutSeconds?: unknown;
  serviceAccountEmail?: unknown;
  region?: unknown;
}

test('every deployed function declares the params of its row in SCALING, and a named account', async () => {
  const { SCALING } = await load<Scaling>('../src/scaling', {});
  const deployed = await load<Record<string, { __endpoint: Endpoint }>>('../src/index', {});
  expect(Object.keys(deployed).sort()).toEqual(Object.keys(SCALING).sort());
  const cel = (value: unknown) => String(value);
  for (const [name, fn] of Object.entries(deployed)) {
    const want = SCALING[name as keyof typeof SCALING];
    const e = fn.__endpoint;
    expect({ name, params: [e.maxInstances, e.concurrency, e.availableMemoryMb, e.timeoutSeconds].map(cel) }).toEqual({
      name,
      params: [want.maxInstances, want.concurrency, want.memory, want.timeoutSeconds].map(cel),
    });
    expect(cel(e.serviceAccountEmail)).toMatch(/^params\.ETL_(TRIGGER|WORKER|ADMIN|MAINTENANCE)_SERVICE_ACCOUNT$/);
    expect(e.cpu).toBe(1);
  }
});

test('a worker never waits for a pool connection: its concurrency is the pool size', async () => {
  const env = { WAREHOUSE_POOL_SIZE: '6', WAREHOUSE_CONNECTION_BUDGET: '200' };
  const { resolvedScaling } = await load<Scaling>('../src/scaling', env);
  const saved = { ...process.env };
  Object.assign(process.env, env); // the values the function was deployed with
  const scaling = resolvedScaling();
  process.env = saved;
  expect(scaling.etlWorker.concurrency).toBe(6);
  expect(scaling.etlBulkWorker.concurrency).toBe(6);
});

test('the defaults fit the budget: (12 + 1 + 2 + 1 + 1) instances × 5 connections + the web 20 = 105 of 180', async () => {
  const { functionConnections, resolvedScaling } = await load<Scaling>('../src/scaling', {});
  const s = resolvedScaling();
  const maxInstances = {
    etlWorker: s.etlWorker.maxInstances,
    etlBulkWorker: s.etlBulkWorker.maxInstances,
    etlAdmin: s.etlAdmin.maxInstances,
    etlReaggregate: s.etlReaggregate.maxInstances,
    etlSweeper: s.etlSweeper.maxInstances,
  };
  expect(functionConnections({ maxInstances, poolSize: 5 })).toBe(85);
});

test('deployed values past the budget stop the load, naming each number, the sweeper and the web included', async () => {
  await expect(load<Scaling>('../src/scaling', { ETL_WORKER_MAX_INSTANCES: '30' })).rejects.toThrow(
    'The warehouse functions may hold 175 connections (etlWorker 30 + etlBulkWorker 1 + etlAdmin 2 + etlReaggregate 1 + etlSweeper 1 instances × WAREHOUSE_POOL_SIZE 5) and the web 20 (WEB_WAREHOUSE_CONNECTIONS): 195, over WAREHOUSE_CONNECTION_BUDGET (180)',
  );
  await expect(
    load<Scaling>('../src/scaling', { ETL_WORKER_MAX_INSTANCES: '30', WAREHOUSE_CONNECTION_BUDGET: '195' }),
  ).resolves.toBeDefined();
});

test('a deployed value out of its range stops the load', async () => {
  await expect(load<Scaling>('../src/scaling', { WAREHOUSE_POOL_SIZE: '0' })).rejects.toThrow(
    'WAREHOUSE_POOL_SIZE="0" is not valid: use a whole number from 1 to 100.',
  );
});
