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
  teredo: { reason: 'Teredo tunnel address (2001::/32)', private: false },
};

/** Metadata services that are never a crawl target, whatever the policy. */
const METADATA_ADDRESSES = new Map<string, string>([
  ['169.254.169.254', 'cloud metadata service address'],
  ['fd00:ec2::254', 'cloud metadata service address (AWS IPv6)'],
  ['100.100.100.200', 'cloud metadata service address'],
]);

const embeddedIpv4 = (addr: ipaddr.IPv6, offsetBytes: number): ipaddr.IPv4 => {
  const bytes = addr.toByteArray();
  return new ipaddr.IPv4(bytes.slice(offsetBytes, offsetBytes + 4));
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
    if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
      const inner = decideParsed(embeddedIpv4(addr, 12), policy, spelled);
      return { ...inner, reason: `${inner.reason}, embedded in ${canonical}`, address: canonical };
    }
    if (range === '6to4') {
      const inner = decideParsed(embeddedIpv4(addr, 2), policy, spelled);
      return { ...inner, reason: `${inner.reason}, embedded in 6to4 ${canonical}`, address: canonical };
    }
    if (range === 'unicast') return { allowed: true, reason: 'public unicast address', address: canonical };
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
 * Decides whether the crawler may connect to an IP address (already resolved, in standard
 * notation). Anything that is not a literal IP address is refused.
 */
export const checkAddress = (ip: string, policy: AddressPolicy = {}): AddressDecision => {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // Zone ids (fe80::1%eth0) name an interface: never a public host.
  if (bare.includes('%'))
    return { allowed: false, reason: 'scoped IPv6 address with a zone id', address: bare };
  if (!ipaddr.isValid(bare)) return { allowed: false, reason: 'not an IP address', address: bare };
  return decideParsed(ipaddr.parse(bare), policy, bare);
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
