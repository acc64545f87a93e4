import { RefreshingCache } from '../../lambda/refreshing-cache';

function setup(options: Partial<{ freshMs: number; maxStaleMs: number; retryAfterMs: number }> = {}) {
  let now = 1_000_000;
  let calls = 0;
  let fail = false;
  const cache = new RefreshingCache<string, string>(
    async (key) => {
      calls++;
      await new Promise((resolve) => setImmediate(resolve));
      if (fail) throw new Error('down');
      return `${key}@${calls}`;
    },
    { freshMs: 1000, maxStaleMs: 5000, retryAfterMs: 500, maxEntries: 10, now: () => now, ...options },
  );
  return {
    cache,
    calls: () => calls,
    advance: (ms: number) => void (now += ms),
    setFailing: (value: boolean) => void (fail = value),
  };
}

/** A loader whose loads the test settles by hand: a dependency that hangs until told otherwise. */
function manual(options: Partial<{ freshMs: number; maxStaleMs: number; retryAfterMs: number }> = {}) {
  let now = 1_000_000;
  const loads: { key: string; resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const cache = new RefreshingCache<string, string>(
    (key) => new Promise<string>((resolve, reject) => void loads.push({ key, resolve, reject })),
    { freshMs: 1000, maxStaleMs: 5000, retryAfterMs: 500, maxEntries: 10, now: () => now, ...options },
  );
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** Loads `value` for key `a`, as a first caller would. */
  const loadFirst = async (value: string) => {
    const first = cache.get('a');
    loads[loads.length - 1]?.resolve(value);
    expect(await first).toBe(value);
  };
  return { cache, loads, settle, loadFirst, advance: (ms: number) => void (now += ms) };
}

describe('RefreshingCache', () => {
  it('shares one load between concurrent callers and serves it while fresh', async () => {
    const t = setup();
    const values = await Promise.all([t.cache.get('a'), t.cache.get('a'), t.cache.get('a')]);
    expect(values).toEqual(['a@1', 'a@1', 'a@1']);
    expect(t.cache.current('a')).toBe('a@1');
    expect(t.calls()).toBe(1);
  });

  it('serves a value due for a refresh at once while one reload runs in the background', async () => {
    const t = manual();
    await t.loadFirst('v1');
    t.advance(1001); // due for a refresh
    expect(t.cache.current('a')).toBe('v1'); // no waiting
    expect(t.cache.current('a')).toBe('v1');
    expect(await t.cache.get('a')).toBe('v1');
    expect(t.loads).toHaveLength(2); // one background reload, however many callers
    t.loads[1]?.resolve('v2');
    await t.settle();
    expect(t.cache.current('a')).toBe('v2');
    expect(t.loads).toHaveLength(2);
  });

  it('never waits for a reload that hangs, and never starts a second one beside it', async () => {
    const t = manual();
    await t.loadFirst('v1');
    for (let i = 0; i < 40; i++) {
      t.advance(100); // 4 s: the reload started at 1 s never answers
      expect(t.cache.current('a')).toBe('v1');
    }
    expect(t.loads).toHaveLength(2);
  });

  it('after a failed background reload keeps serving, retries after the pause, and says it is failing', async () => {
    const t = manual();
    await t.loadFirst('v1');
    t.advance(1001);
    expect(t.cache.current('a')).toBe('v1');
    expect(t.cache.failing('a')).toBe(false);
    t.loads[1]?.reject(new Error('down'));
    await t.settle();
    expect(t.cache.failing('a')).toBe(true);
    t.advance(100);
    expect(t.cache.current('a')).toBe('v1');
    expect(t.loads).toHaveLength(2); // within retryAfter: not asked again
    t.advance(500);
    expect(t.cache.current('a')).toBe('v1');
    expect(t.loads).toHaveLength(3);
    t.loads[2]?.resolve('v2');
    await t.settle();
    expect([t.cache.current('a'), t.cache.failing('a')]).toEqual(['v2', false]);
  });

  it('serves the last good value while reloads fail, up to maxStale, then fails closed', async () => {
    const t = setup();
    await t.cache.get('a');
    t.setFailing(true);
    t.advance(2000);
    expect(await t.cache.get('a')).toBe('a@1');
    t.advance(3500); // 5.5 s after the last good load
    expect(t.cache.current('a')).toBeUndefined();
    await expect(t.cache.get('a')).rejects.toThrow('down');
  });

  it('makes callers wait for a load only when nothing usable is cached', async () => {
    const t = manual({ maxStaleMs: 1000 });
    await t.loadFirst('v1');
    t.advance(1001); // stale and past maxStale: nothing usable
    expect(t.cache.current('a')).toBeUndefined();
    const waiting = t.cache.get('a');
    t.loads[1]?.resolve('v2');
    expect(await waiting).toBe('v2');
  });

  it('fails fast after a failure, then tries again', async () => {
    const t = setup();
    t.setFailing(true);
    await expect(t.cache.get('a')).rejects.toThrow('down');
    await expect(t.cache.get('a')).rejects.toThrow('down');
    expect(t.calls()).toBe(1);
    t.advance(501);
    t.setFailing(false);
    expect(await t.cache.get('a')).toBe('a@2');
  });

  it('refreshes on demand at once, then at most once per cooldown', async () => {
    const t = setup({ freshMs: 60_000 });
    await t.cache.get('a');
    t.advance(10);
    // The first forced refresh is not held back by the ordinary load just before it.
    expect(await Promise.all([t.cache.refresh('a', 100), t.cache.refresh('a', 100)])).toEqual(['a@2', 'a@2']);
    t.advance(50);
    expect(await t.cache.refresh('a', 100)).toBe('a@2');
    t.advance(50);
    expect(await t.cache.refresh('a', 100)).toBe('a@3');
    expect(t.calls()).toBe(3);
  });
});
