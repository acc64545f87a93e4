import ipaddr from 'ipaddr.js';
import { checkIpRules, IpRuleSet } from '../../lambda/ip-rules';
import { ipAddressKey, parseIpEntry } from '../../record/ip-entries';
import { addressCount, uncovered } from '../../stacks/model/ip-coverage';

const key = (address: string) => ipAddressKey(address) as string;
const rules = (...entries: string[]) => IpRuleSet.compile(entries);

describe('IP entries', () => {
  it.each(['203.0.113.7', '10.0.0.0/8', '10.0.0.5-10.0.0.9', '2001:db8::1', '2001:db8::/32', '2001:db8::1-2001:db8::ff', '0.0.0.0/0', '::/0'])(
    'accepts %s',
    (entry) => expect(parseIpEntry(entry).ok).toBe(true),
  );

  it.each([
    ['123.456.123.456', 'is not an IP address'],
    ['010.0.0.1', 'is not an IP address'],
    ['1.2.3', 'is not an IP address'],
    ['0x7f.0.0.1', 'is not an IP address'],
    ['fe80::1%eth0', 'is not an IP address'],
    ['10.0.0.0/33', 'prefix length'],
    ['10.0.0.0/08', 'prefix length'],
    ['2001:db8::/129', 'prefix length'],
    ['10.0.0.9-10.0.0.5', 'starts after it ends'],
    ['10.0.0.1-2001:db8::1', 'mixes IPv4 and IPv6'],
    ['1.2.3.4, 5.6.7.8', 'separators'],
    [' 1.2.3.4', 'separators'],
    ['', 'is empty'],
  ])('refuses %s', (entry, problem) => {
    const parsed = parseIpEntry(entry);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(problem);
      expect(parsed.fix.length).toBeGreaterThan(10);
    }
  });

  it('reports the network of a CIDR block with host bits set', () => {
    const parsed = parseIpEntry('10.1.2.3/8');
    expect(parsed.ok && parsed.canonical).toBe('10.0.0.0/8');
    const v6 = parseIpEntry('2001:db8::1/32');
    expect(v6.ok && v6.canonical).toBe('2001:db8::/32');
  });
});

describe('IP rule sets', () => {
  it('matches addresses, blocks and ranges at their edges', () => {
    const set = rules('10.0.0.0/8', '192.168.1.10-192.168.1.20', '2001:db8::/32', '203.0.113.7');
    for (const inside of ['10.0.0.0', '10.255.255.255', '192.168.1.10', '192.168.1.20', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '203.0.113.7']) {
      expect([inside, set.contains(key(inside))]).toEqual([inside, true]);
    }
    for (const outside of ['11.0.0.0', '9.255.255.255', '192.168.1.9', '192.168.1.21', '2001:db9::', '203.0.113.8']) {
      expect([outside, set.contains(key(outside))]).toEqual([outside, false]);
    }
  });

  it('treats an IPv4-mapped IPv6 source as its IPv4 address, both ways', () => {
    expect(key('::ffff:10.1.2.3')).toBe(key('10.1.2.3'));
    expect(rules('10.0.0.0/8').contains(key('::ffff:10.1.2.3'))).toBe(true);
    expect(rules('::ffff:10.0.0.0/104').contains(key('10.1.2.3'))).toBe(true);
  });

  it('handles overlapping entries', () => {
    const set = rules('10.0.0.0/8', '10.1.0.0/16', '10.200.0.0-10.200.0.5');
    expect(set.contains(key('10.3.0.1'))).toBe(true);
    expect(set.contains(key('10.200.0.9'))).toBe(true);
    expect(set.matchingEntry(key('10.1.2.3'))).toBe('10.0.0.0/8');
  });

  it('converts IPv4 sources exactly as ipaddr.js does (the fast path)', () => {
    const octet = () => Math.floor(Math.random() * 256);
    for (let i = 0; i < 5000; i++) {
      const address = `${octet()}.${octet()}.${octet()}.${octet()}`;
      const expected = Buffer.from(ipaddr.IPv4.parse(address).toIPv4MappedAddress().toByteArray()).toString('hex');
      expect([address, ipAddressKey(address)]).toEqual([address, expected]);
    }
  });

  it('refuses malformed source addresses', () => {
    for (const source of ['', 'test-invoke-source-ip', '1.2.3.4.5', '::ffff:1.2.3', '10.0.0.1%0', '10.0.0.1 ']) {
      expect(ipAddressKey(source)).toBeUndefined();
    }
  });

  it('blocked entries win over allowed ones; empty allow lists admit all', () => {
    const allowed = rules('10.0.0.0/8');
    const blocked = rules('10.0.0.66');
    expect(checkIpRules(key('10.0.0.66'), allowed, blocked)).toBe('ip_blocked');
    expect(checkIpRules(key('10.0.0.67'), allowed, blocked)).toBeUndefined();
    expect(checkIpRules(key('11.0.0.1'), allowed, blocked)).toBe('ip_not_allowed');
    expect(checkIpRules(key('11.0.0.1'), rules(), blocked)).toBeUndefined();
    expect(checkIpRules(key('10.0.0.66'), rules(), blocked)).toBe('ip_blocked');
  });

  it('agrees with a linear scan on a large random list', () => {
    const entries: string[] = [];
    const octet = () => Math.floor(Math.random() * 256);
    for (let i = 0; i < 3000; i++) {
      const kind = i % 3;
      if (kind === 0) entries.push(`${octet()}.${octet()}.${octet()}.${octet()}`);
      if (kind === 1) entries.push(`${octet()}.${octet()}.0.0/${16 + (i % 9)}`);
      if (kind === 2) entries.push(`${octet()}.${octet()}.${octet()}.0-${octet()}.${octet()}.${octet()}.255`);
    }
    const valid = entries.filter((entry) => parseIpEntry(entry).ok);
    const set = IpRuleSet.compile(valid);
    for (let i = 0; i < 3000; i++) {
      const address = key(`${octet()}.${octet()}.${octet()}.${octet()}`);
      expect(set.contains(address)).toBe(set.matchingEntry(address) !== undefined);
    }
  });
});

describe('address coverage', () => {
  const entry = (text: string) => ({ parsed: parseIpEntry(text) });
  it('counts the addresses an entry spans', () => {
    expect(addressCount(entry('10.0.0.0/8'))).toBe(2n ** 24n);
    expect(addressCount(entry('10.0.0.5-10.0.0.9'))).toBe(5n);
    expect(addressCount(entry('2001:db8::/32'))).toBe(2n ** 96n);
  });
  it('counts the addresses of an entry that others leave uncovered, overlaps counted once', () => {
    expect(uncovered(entry('123.45.123.45'), [entry('123.45.123.45')])).toBe(0n);
    expect(uncovered(entry('10.0.0.0/24'), [entry('10.0.0.0-10.0.0.127'), entry('10.0.0.128/25')])).toBe(0n);
    expect(uncovered(entry('10.0.0.0/24'), [entry('10.0.0.0/25'), entry('10.0.0.0-10.0.0.200')])).toBe(55n);
    expect(uncovered(entry('10.0.0.0/8'), [entry('10.0.0.0/9')])).toBe(2n ** 23n);
    expect(uncovered(entry('10.0.0.0/8'), [])).toBe(2n ** 24n);
  });
});
