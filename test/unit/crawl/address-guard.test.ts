import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { checkAddress, createGuardedLookup, normaliseHost } from '../../../packages/crawl/address-guard.ts';
import { BlockedAddressError } from '../../../packages/crawl/index.ts';

describe('checkAddress', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.9', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /metadata/],
    ['169.254.10.10', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['192.0.2.10', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd00:ec2::254', /metadata/],
    ['::ffff:127.0.0.1', /loopback.*embedded in ::ffff:7f00:1/],
    ['::ffff:a9fe:a9fe', /metadata/],
    ['64:ff9b::a00:1', /private.*embedded/],
    ['2002:7f00:1::', /loopback.*6to4/],
    ['2001::1', /Teredo/],
    ['fe80::1%eth0', /zone id/],
    ['not-an-ip', /not an IP address/],
  ])('refuses %s and says why', (ip, reason) => {
    const decision = checkAddress(ip);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toMatch(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (ip) => {
      expect(checkAddress(ip)).toMatchObject({ allowed: true });
    },
  );

  it.each(['127.0.0.1', '10.0.0.5', '::1', 'fd12::1', '::ffff:192.168.0.1'])(
    'allows the private address %s only when private addresses are switched on',
    (ip) => {
      expect(checkAddress(ip).allowed).toBe(false);
      expect(checkAddress(ip, { allowPrivateAddresses: true }).allowed).toBe(true);
    },
  );

  it.each(['169.254.169.254', 'fd00:ec2::254', '0.0.0.0', 'fe80::1', '::ffff:169.254.169.254'])(
    'never allows %s, even with private addresses switched on',
    (ip) => {
      expect(checkAddress(ip, { allowPrivateAddresses: true }).allowed).toBe(false);
    },
  );
});

describe('normaliseHost', () => {
  it.each([
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['0xa9fea9fe', '169.254.169.254'],
    ['２５４.１６９.２５４.１６９', '254.169.254.169'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe'],
    ['[0:0:0:0:0:0:0:1]', '::1'],
  ])('reads %s as the address %s', (spelled, ip) => {
    expect(normaliseHost(spelled)?.ip).toBe(ip);
  });

  it.each([
    ['2130706433', false],
    ['0x7f.1', false],
    ['[::ffff:7f00:1]', false],
    ['0xa9fea9fe', false],
  ])('refuses the loopback or metadata spelling %s by its decision', (spelled, allowed) => {
    const host = normaliseHost(spelled);
    expect(checkAddress(host?.ip ?? '').allowed).toBe(allowed);
  });

  it('keeps a host name as a lower-case name without a trailing dot', () => {
    expect(normaliseHost('Example.COM.')).toEqual({ host: 'example.com' });
  });

  it('returns nothing for a host no URL can hold', () => {
    expect(normaliseHost('exa mple.com')).toBeUndefined();
  });
});

const lookupWith = (addresses: LookupAddress[], all = true, allowPrivateAddresses = false) =>
  new Promise<{ error: Error | null; result: unknown }>((resolve) => {
    const lookup = createGuardedLookup({ allowPrivateAddresses }, async () => addresses);
    lookup('site.test', { all }, (error, result) => resolve({ error, result }));
  });

describe('the guarded lookup', () => {
  it('refuses a host that resolves to a private address, naming the address and the reason', async () => {
    const { error } = await lookupWith([{ address: '10.0.0.7', family: 4 }]);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error?.message).toMatch(/10\.0\.0\.7: private address/);
  });

  it('refuses a host whose answer mixes a public and a private address (rebinding)', async () => {
    const { error } = await lookupWith([
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ]);
    expect(error).toBeInstanceOf(BlockedAddressError);
  });

  it('hands the socket exactly the addresses it checked', async () => {
    const addresses = [{ address: '93.184.216.34', family: 4 }];
    expect(await lookupWith(addresses, true)).toEqual({ error: null, result: addresses });
    expect((await lookupWith(addresses, false)).result).toBe('93.184.216.34');
  });
});

describe('checkAddress: deprecated and embedding IPv6 ranges', () => {
  it.each([
    ['::a9fe:a9fe', /IPv4-compatible.*169\.254\.169\.254/],
    ['::169.254.169.254', /IPv4-compatible.*169\.254\.169\.254/],
    ['::7f00:1', /IPv4-compatible.*127\.0\.0\.1/],
    ['::808:808', /IPv4-compatible.*8\.8\.8\.8/],
    ['::0:0:1:0', /IPv4-compatible/],
    ['2002:808:808::1', /6to4.*deprecated.*8\.8\.8\.8/],
    ['2002:a9fe:a9fe::', /metadata.*6to4/],
    ['64:ff9b:1::a9fe:a9fe', /local-use NAT64/],
    ['64:ff9b::a9fe:a9fe', /metadata.*embedded/],
    ['::ffff:0:a9fe:a9fe', /metadata.*embedded/],
    ['fec0::1', /site-local/],
    ['3ffe:b00::1', /6bone/],
    ['2001:10::1', /ORCHID/],
    ['2001:db8::1', /documentation/],
    ['100::1', /discard/],
    ['4000::1', /outside the global unicast range/],
    ['e000::1', /outside the global unicast range/],
    ['2001:4860::200:5efe:a9fe:a9fe', /metadata.*ISATAP/],
  ])('refuses %s and says why, even with private addresses switched on', (ip, reason) => {
    for (const policy of [{}, { allowPrivateAddresses: true }]) {
      const decision = checkAddress(ip, policy);
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toMatch(reason);
    }
  });

  it('refuses an ISATAP address that embeds a private address unless private addresses are on', () => {
    expect(checkAddress('2001:4860::5efe:a00:1')).toMatchObject({
      allowed: false,
      reason: /private.*ISATAP/,
    });
    expect(checkAddress('2001:4860::5efe:a00:1', { allowPrivateAddresses: true }).allowed).toBe(true);
  });

  it.each(['2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '2001:4860::5efe:808:808'])(
    'still allows the global unicast address %s',
    (ip) => {
      expect(checkAddress(ip).allowed).toBe(true);
    },
  );
});
