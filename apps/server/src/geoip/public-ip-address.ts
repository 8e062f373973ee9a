import net from 'node:net';

/**
 * Ranges that never locate anywhere: private networks, loopback, link-local, carrier-grade NAT,
 * documentation and benchmarking ranges, multicast and reserved space (RFC 6890 and friends).
 * A lookup of these would at best return nothing and at worst a misleading "location" of the
 * database's placeholder rows, so they are refused before the database is asked.
 */
const NON_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function ipv4Number(address: string): number {
  let n = 0;
  for (const octet of address.split('.')) n = n * 256 + Number(octet);
  return n;
}

// IPv4 ranges are compared as numbers: net.BlockList costs more than the database lookup itself.
const V4_RANGES = NON_PUBLIC_V4.map(([address, prefix]) => {
  const size = 2 ** (32 - prefix);
  const start = ipv4Number(address);
  return { start, end: start + size };
});

const NON_PUBLIC_V6 = new net.BlockList();
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC_V6.addSubnet(address, prefix, 'ipv6');
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address in the form to look up (an IPv4-mapped IPv6 address becomes its IPv4 address) and its
 * family, or null when it is not a valid address or not a public one.
 */
export function publicIpAddress(ip: string): { address: string; family: 4 | 6 } | null {
  const mapped = MAPPED_IPV4.exec(ip);
  const address = mapped?.[1] ?? ip;
  const family = net.isIP(address);
  if (family === 4) {
    const n = ipv4Number(address);
    return V4_RANGES.some((r) => n >= r.start && n < r.end) ? null : { address, family: 4 };
  }
  if (family === 6) return NON_PUBLIC_V6.check(address, 'ipv6') ? null : { address, family: 6 };
  return null;
}
