import { isIP } from 'node:net';

/** IPv4 ranges a feed fetch must never reach: [first octets as a 32-bit number, prefix length]. */
const BLOCKED_V4: Array<[number, number]> = [
  [v4('0.0.0.0'), 8], // "this network" / unspecified
  [v4('10.0.0.0'), 8], // private
  [v4('100.64.0.0'), 10], // carrier-grade NAT
  [v4('127.0.0.0'), 8], // loopback
  [v4('169.254.0.0'), 16], // link-local (cloud metadata lives here)
  [v4('172.16.0.0'), 12], // private
  [v4('192.0.0.0'), 24], // IETF protocol assignments
  [v4('192.0.2.0'), 24], // documentation
  [v4('192.88.99.0'), 24], // 6to4 relay anycast
  [v4('192.168.0.0'), 16], // private
  [v4('198.18.0.0'), 15], // benchmarking
  [v4('198.51.100.0'), 24], // documentation
  [v4('203.0.113.0'), 24], // documentation
  [v4('224.0.0.0'), 4], // multicast
  [v4('240.0.0.0'), 4], // reserved and broadcast
];

function v4(address: string): number {
  const parts = address.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function isBlockedV4(value: number): boolean {
  return BLOCKED_V4.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === base;
  });
}

/** Expands an IPv6 address (with optional embedded IPv4 tail and zone id) to eight 16-bit groups. */
function v6Groups(address: string): number[] | null {
  let text = address.split('%')[0] ?? '';
  const groups: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let v4Tail: number[] = [];
  if (tail.includes('.')) {
    if (isIP(tail) !== 4) return null;
    const n = v4(tail);
    v4Tail = [n >>> 16, n & 0xffff];
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16)));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 && fill !== 0) return null;
  groups.push(...head, ...new Array<number>(Math.max(0, fill)).fill(0), ...rest);
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return null;
  if (v4Tail.length) groups.splice(6, 2, v4Tail[0] ?? 0, v4Tail[1] ?? 0);
  return groups;
}

function isBlockedV6(g: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h = 0, i = 0] = g;
  const embedded = ((h << 16) | i) >>> 0;
  const firstFiveZero = a === 0 && b === 0 && c === 0 && d === 0 && e === 0;
  if (firstFiveZero && f === 0xffff) return isBlockedV4(embedded); // IPv4-mapped ::ffff:a.b.c.d
  if (firstFiveZero && f === 0) return true; // ::, ::1 and deprecated IPv4-compatible ::a.b.c.d
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return isBlockedV4(embedded); // NAT64
  if (a === 0x64 && b === 0xff9b && c === 1) return true; // local-use NAT64
  if (a === 0x2002) return isBlockedV4(((b << 16) | c) >>> 0); // 6to4 embeds an IPv4 address
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return true; // discard prefix
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  if (a === 0x2001 && b === 0) return true; // Teredo tunnels reach arbitrary IPv4 hosts
  if ((a & 0xfe00) === 0xfc00) return true; // unique-local fc00::/7
  if ((a & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((a & 0xffc0) === 0xfec0) return true; // deprecated site-local
  if ((a & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/**
 * True when an IP address is private, loopback, link-local, unique-local, CGNAT, unspecified,
 * multicast or otherwise not a public unicast address (IPv4-mapped IPv6 included).
 * Anything that is not a valid IP literal counts as private, so callers fail closed.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0] ?? '');
  if (family === 4) return isBlockedV4(v4(bare));
  if (family === 6) {
    const groups = v6Groups(bare);
    return groups === null ? true : isBlockedV6(groups);
  }
  return true;
}
