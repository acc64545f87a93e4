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

describe('RefreshingCache', () => {
  it('shares one load between concurrent callers and serves it while fresh', async () => {
    const t = setup();
    const values = await Promise.all([t.cache.get('a'), t.cache.get('a'), t.cache.get('a')]);
    expect(values).toEqual(['a@1', 'a@1', 'a@1']);
    expect(t.cache.peek('a')).toBe('a@1');
    t.advance(1001);
    expect(t.cache.peek('a')).toBeUndefined();
    expect(await t.cache.get('a')).toBe('a@2');
  });

  it('serves the last good value while reloads fail, up to maxStale', async () => {
    const t = setup();
    await t.cache.get('a');
    t.setFailing(true);
    t.advance(2000);
    expect(await t.cache.get('a')).toBe('a@1');
    t.advance(3500);
    await expect(t.cache.get('a')).rejects.toThrow('down');
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
