/**
 * The record cache against dynalite, as the store-traffic benchmark drives it: 1,000 requests over 100
 * keys (10% unknown) cost one GetItem per key, and repeats of an unknown key cost none.
 */
import { benchStoreTraffic } from '../../bench/store-traffic';

jest.setTimeout(60_000);

it('reads each key once per TTL, unknown keys included', async () => {
  const traffic = await benchStoreTraffic();
  expect({ requests: traffic.requests, distinctKeys: traffic.distinctKeys, unknown: traffic.distinctUnknown }).toEqual({ requests: 1000, distinctKeys: 100, unknown: 10 });
  expect(traffic.getItems).toBe(traffic.distinctKeys);
});
