// The SSRF guard's decisions: which addresses the crawler may connect to, how a host is spelled
// once normalised, and a DNS lookup for undici that refuses blocked addresses and hands the
// checked address straight to the socket (no second resolution, so no DNS rebinding).

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { BlockedAddressError } from './errors.ts';

export interface AddressPolicy {
  /** Allows loopback, RFC 1918 private and unique-local addresses (a site served on this machine). */
  allowPrivateAddresses?: boolean;
}

export interface AddressDecision {
  allowed: boolean;
  /** Why the address is refused (or which special range an allowed private address is in). */
  reason: string;
  /** The address in its canonical spelling. */
  address: string;
}

interface RangeRule {
  reason: string;
  /** Private ranges: allowed only with `allowPrivateAddresses`. */
  private: boolean;
}

const IPV4_RULES: Record<string, RangeRule> = {
  unspecified: { reason: 'unspecified address (0.0.0.0/8)', private: false },
  broadcast: { reason: 'broadcast address (255.255.255.255)', private: false },
  multicast: { reason: 'multicast address (224.0.0.0/4)', private: false },
  linkLocal: {
    reason: 'link-local address (169.254.0.0/16, holds the cloud metadata service)',
    private: false,
  },
  loopback: { reason: 'loopback address (127.0.0.0/8)', private: true },
  carrierGradeNat: { reason: 'carrier-grade NAT address (100.64.0.0/10)', private: true },
  private: { reason: 'private address (RFC 1918: 10/8, 172.16/12, 192.168/16)', private: true },
  reserved: { reason: 'reserved or documentation address', private: false },
  as112: { reason: 'AS112 sink address', private: false },
  amt: { reason: 'AMT relay anycast address', private: false },
};

const IPV6_RULES: Record<string, RangeRule> = {
  unspecified: { reason: 'unspecified address (::)', private: false },
  linkLocal: { reason: 'link-local address (fe80::/10)', private: false },
  multicast: { reason: 'multicast address (ff00::/8)', private: false },
  loopback: { reason: 'loopback address (::1)', private: true },
  uniqueLocal: { reason: 'unique-local address (fc00::/7)', private: true },
  deprecatedSiteLocal: { reason: 'site-local address (fec0::/10)', private: false },
  teredo: { reason: 'Teredo tunnel address (2001::/32, embeds an obfuscated IPv4 address)', private: false },
  discard: { reason: 'discard-only address (100::/64)', private: false },
  reserved: {
    reason: 'reserved or documentation address (2001::/23, 2001:db8::/32, 3fff::/20)',
    private: false,
  },
  deprecatedOrchid: { reason: 'ORCHID address (2001:10::/28, deprecated by RFC 7343)', private: false },
  orchid2: { reason: 'ORCHIDv2 overlay identifier (2001:20::/28), not routable', private: false },
  benchmarking: { reason: 'benchmarking address (2001:2::/48)', private: false },
  segmentRouting: { reason: 'segment routing identifier (5f00::/16)', private: false },
};

/** Metadata services that are never a crawl target, whatever the policy. */
const METADATA_ADDRESSES = new Map<string, string>([
  ['169.254.169.254', 'cloud metadata service address'],
  ['fd00:ec2::254', 'cloud metadata service address (AWS IPv6)'],
  ['100.100.100.200', 'cloud metadata service address'],
]);

const WELL_KNOWN_NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

const embeddedIpv4 = (addr: ipaddr.IPv6, offsetBytes: number): ipaddr.IPv4 => {
  const bytes = addr.toByteArray();
  return new ipaddr.IPv4(bytes.slice(offsetBytes, offsetBytes + 4));
};

const bytesOf = (addr: ipaddr.IPv6): number[] => addr.toByteArray();

/**
 * IPv6 addresses ipaddr.js calls plain unicast: only the global unicast block (2000::/3) is a
 * crawl target. The rest of the space is unassigned, reserved or deprecated, and its lowest
 * corner (::/96, IPv4-compatible addresses, deprecated by RFC 4291) carries an IPv4 address that
 * some stacks still route to: `::a9fe:a9fe` is the metadata service.
 */
const decideIpv6Unicast = (
  addr: ipaddr.IPv6,
  policy: AddressPolicy,
  spelled: string,
  canonical: string,
): AddressDecision => {
  const bytes = bytesOf(addr);
  if (bytes.slice(0, 12).every((b) => b === 0)) {
    const inner = decideParsed(embeddedIpv4(addr, 12), policy, spelled);
    return {
      allowed: false,
      reason: `IPv4-compatible address (::/96, deprecated by RFC 4291) embedding ${inner.address} (${inner.reason})`,
      address: canonical,
    };
  }
  const first = bytes[0] ?? 0;
  if (first >> 5 !== 0b001) {
    return {
      allowed: false,
      reason: 'address outside the global unicast range 2000::/3 (unassigned, reserved or deprecated)',
      address: canonical,
    };
  }
  if (bytes[0] === 0x3f && bytes[1] === 0xfe) {
    return { allowed: false, reason: '6bone address (3ffe::/16, returned by RFC 3701)', address: canonical };
  }
  // ISATAP interface ids (::0:5efe:a.b.c.d, ::200:5efe:a.b.c.d) carry an IPv4 address a relay may reach.
  if (
    (bytes[8] === 0x00 || bytes[8] === 0x02) &&
    bytes[9] === 0 &&
    bytes[10] === 0x5e &&
    bytes[11] === 0xfe
  ) {
    const inner = decideParsed(embeddedIpv4(addr, 12), policy, spelled);
    if (!inner.allowed) {
      return {
        allowed: false,
        reason: `${inner.reason}, embedded in ISATAP ${canonical}`,
        address: canonical,
      };
    }
  }
  return { allowed: true, reason: 'public unicast address', address: canonical };
};

const decideParsed = (
  addr: ipaddr.IPv4 | ipaddr.IPv6,
  policy: AddressPolicy,
  spelled: string,
): AddressDecision => {
  const canonical = addr.toString();
  const metadata = METADATA_ADDRESSES.get(canonical);
  if (metadata) return { allowed: false, reason: metadata, address: canonical };
  if (addr instanceof ipaddr.IPv6) {
    const range = addr.range();
    // Addresses that carry an IPv4 address inside are judged by that address.
    // 64:ff9b:1::/48 (RFC 8215) is local-use NAT64: a network's own translator, never a public host.
    if (range === 'rfc6052' && !addr.match(WELL_KNOWN_NAT64)) {
      return {
        allowed: false,
        reason: 'local-use NAT64 address (64:ff9b:1::/48, RFC 8215)',
        address: canonical,
      };
    }
    if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
      const inner = decideParsed(embeddedIpv4(addr, 12), policy, spelled);
      return { ...inner, reason: `${inner.reason}, embedded in ${canonical}`, address: canonical };
    }
    if (range === '6to4') {
      // 6to4 is deprecated (RFC 7526): refused whatever it embeds, and the reason names what it embeds.
      const inner = decideParsed(embeddedIpv4(addr, 2), policy, spelled);
      const reason = inner.allowed
        ? `6to4 address (2002::/16, deprecated by RFC 7526) embedding ${inner.address}`
        : `${inner.reason}, embedded in 6to4 ${canonical}`;
      return { allowed: false, reason, address: canonical };
    }
    if (range === 'unicast') return decideIpv6Unicast(addr, policy, spelled, canonical);
    const rule = IPV6_RULES[range] ?? { reason: `special-purpose address (${range})`, private: false };
    return {
      allowed: rule.private && policy.allowPrivateAddresses === true,
      reason: rule.reason,
      address: canonical,
    };
  }
  const range = addr.range();
  if (range === 'unicast') return { allowed: true, reason: 'public unicast address', address: canonical };
  const rule = IPV4_RULES[range] ?? { reason: `special-purpose address (${range})`, private: false };
  return {
    allowed: rule.private && policy.allowPrivateAddresses === true,
    reason: rule.reason,
    address: canonical,
  };
};

/**
 * Rewrites an IPv6 address's dotted IPv4 tail as two hex groups. ipaddr.js reads "::a.b.c.d" as
 * the mapped "::ffff:a.b.c.d", while a socket reads it as the IPv4-compatible "::a.b.c.d".
 */
const hexTail = (ip: string): string => {
  const m = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return ip;
  const octets = m.slice(2, 6).map(Number);
  if (octets.some((o) => o > 255)) return ip;
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
};

/**
 * Decides whether the crawler may connect to an IP address (already resolved, in standard
 * notation). Anything that is not a literal IP address is refused.
 */
export const checkAddress = (ip: string, policy: AddressPolicy = {}): AddressDecision => {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // Zone ids (fe80::1%eth0) name an interface: never a public host.
  if (bare.includes('%'))
    return { allowed: false, reason: 'scoped IPv6 address with a zone id', address: bare };
  const spelled = hexTail(bare);
  if (!ipaddr.isValid(spelled)) return { allowed: false, reason: 'not an IP address', address: bare };
  return decideParsed(ipaddr.parse(spelled), policy, bare);
};

export interface NormalisedHost {
  /** The host as an HTTP client sees it: lower case, IDNA-encoded, IPv4 in dotted decimal. */
  host: string;
  /** Set when the host is an IP address literal, in canonical form without brackets. */
  ip?: string;
}

/**
 * Normalises a host the way the WHATWG URL parser (and so undici) does: decimal ("2130706433"),
 * hex ("0x7f.1"), octal ("0177.0.0.1") and short ("127.1") IPv4 spellings all become
 * "127.0.0.1", full-width digits are folded, IPv6 is compressed ("[::ffff:127.0.0.1]" →
 * "::ffff:7f00:1"). Returns undefined for a host that no URL could hold.
 */
export const normaliseHost = (host: string): NormalisedHost | undefined => {
  let parsed: URL;
  try {
    parsed = new URL(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`);
  } catch {
    return undefined;
  }
  const name = parsed.hostname;
  if (name.startsWith('[') && name.endsWith(']')) {
    const ip = ipaddr.parse(name.slice(1, -1)).toString();
    return { host: name, ip };
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(name)) return { host: name, ip: name };
  return { host: name.endsWith('.') ? name.slice(0, -1) : name };
};

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses);
    });
  });

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls.connect (undici's `connect.lookup`): resolves the host, refuses it when
 * any of its addresses is blocked (a mixed answer is a classic rebinding trick), and otherwise
 * returns exactly the addresses it checked, which the socket then connects to.
 */
export const createGuardedLookup = (policy: AddressPolicy, resolver: Resolver = systemResolver) => {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolver(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        for (const a of addresses) {
          const decision = checkAddress(a.address, policy);
          if (!decision.allowed) {
            callback(new BlockedAddressError(`//${hostname}`, decision.address, decision.reason), '', 4);
            return;
          }
        }
        const first = usable[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(
            `no ${family ? `IPv${family} ` : ''}address for ${hostname}`,
          );
          error.code = 'ENOTFOUND';
          callback(error, '', 4);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
};
