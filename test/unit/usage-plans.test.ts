import { UsagePlans } from '../../local/gateway/usage-plans';

function plans(settings: ConstructorParameters<typeof UsagePlans>[0] extends ReadonlyMap<string, infer S> ? S : never, start = Date.UTC(2027, 0, 6, 12)) {
  const clock = { ms: start };
  return { clock, usage: new UsagePlans(new Map([['k', settings]]), () => clock.ms) };
}

describe('usage plans (local gateway)', () => {
  it('throttles with a token bucket: burst first, then the rate', () => {
    const { clock, usage } = plans({ rateLimit: { requestsPerSecond: 2, burst: 3 } });
    expect([1, 2, 3, 4].map(() => usage.admit('k'))).toEqual(['admitted', 'admitted', 'admitted', 'throttled']);
    clock.ms += 500; // one token back at 2/s
    expect([usage.admit('k'), usage.admit('k')]).toEqual(['admitted', 'throttled']);
  });

  it('counts a daily quota and resets it at midnight UTC', () => {
    const { clock, usage } = plans({ quota: { limit: 2, period: 'DAY' } });
    expect([usage.admit('k'), usage.admit('k'), usage.admit('k')]).toEqual(['admitted', 'admitted', 'quota_exceeded']);
    clock.ms = Date.UTC(2027, 0, 7, 0, 0, 1);
    expect(usage.admit('k')).toBe('admitted');
  });

  it('counts weekly quotas from Monday and monthly ones from the first, with offsets', () => {
    const weekly = plans({ quota: { limit: 1, period: 'WEEK' } }, Date.UTC(2027, 0, 10, 23)); // a Sunday
    expect([weekly.usage.admit('k'), weekly.usage.admit('k')]).toEqual(['admitted', 'quota_exceeded']);
    weekly.clock.ms = Date.UTC(2027, 0, 11, 0, 1); // Monday
    expect(weekly.usage.admit('k')).toBe('admitted');
    const monthly = plans({ quota: { limit: 1, period: 'MONTH', offset: 2 } }, Date.UTC(2027, 1, 2, 12)); // Feb 2: still January's period
    expect(monthly.usage.admit('k')).toBe('admitted');
    monthly.clock.ms = Date.UTC(2027, 1, 3, 1); // Feb 3: the offset period starts
    expect(monthly.usage.admit('k')).toBe('admitted');
    expect(monthly.usage.admit('k')).toBe('quota_exceeded');
  });

  it('admits keys without a plan and knows which keys have one', () => {
    const { usage } = plans({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
    expect([usage.has('k'), usage.has('other'), usage.admit('other')]).toEqual([true, false, 'admitted']);
  });
});
