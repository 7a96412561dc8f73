// Writes small MaxMind DB files (MaxMind DB File Format Specification 2.0) for tests: an IPv6 search
// tree with 24-bit records (IPv4 networks live under ::/96, as in GeoLite2), a data section and the
// metadata. The engine reads them with mmdb-lib, an independent implementation of the same format, so
// a test that passes shows both sides agree on the spec, not that one file was written to suit one
// reader.
import { isIPv4 } from 'node:net';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue } | { uint: number } | { double: number };

export interface MmdbNetwork {
  /** `1.2.3.0/24` or `2001:db8::/32`. */
  network: string;
  data: { [key: string]: MmdbValue };
}

const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');

function control(type: number, size: number): Buffer {
  const head = (t: number) => (t <= 7 ? [t << 5] : [0, t - 7]);
  if (size < 29) {
    const bytes = head(type);
    bytes[0] |= size;
    return Buffer.from(bytes);
  }
  if (size < 285) {
    const bytes = head(type);
    bytes[0] |= 29;
    return Buffer.from([...bytes, size - 29]);
  }
  const bytes = head(type);
  bytes[0] |= 30;
  const rest = size - 285;
  return Buffer.from([...bytes, rest >> 8, rest & 0xff]);
}

function unsigned(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from(bytes);
}

/** Encodes a value: strings as UTF-8, integers as uint32 (or uint16 via `{ uint }` under 65,536), other numbers as doubles. */
export function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? encode({ uint: value }) : encode({ double: value });
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  if ('double' in value && typeof value.double === 'number' && Object.keys(value).length === 1) {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value.double);
    return Buffer.concat([control(3, 8), bytes]);
  }
  if ('uint' in value && typeof value.uint === 'number' && Object.keys(value).length === 1) {
    const bytes = unsigned(value.uint);
    return Buffer.concat([control(value.uint < 65_536 ? 5 : 6, bytes.length), bytes]);
  }
  const entries = Object.entries(value as Record<string, MmdbValue>);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

/** The 128 bits of an address (IPv4 mapped under ::/96) and the prefix length in that space. */
function prefixBits(network: string): boolean[] {
  const [address, lengthText] = network.split('/');
  const bits: boolean[] = [];
  if (isIPv4(address)) {
    for (let i = 0; i < 96; i++) bits.push(false);
    for (const part of address.split('.')) for (let b = 7; b >= 0; b--) bits.push(((Number(part) >> b) & 1) === 1);
    return bits.slice(0, 96 + Number(lengthText ?? 32));
  }
  const [head, tail] = address.split('::');
  const groups = (text: string | undefined) => (text ? text.split(':').map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = groups(tail);
  const all = [...front, ...new Array(8 - front.length - back.length).fill(0), ...back];
  for (const group of all) for (let b = 15; b >= 0; b--) bits.push(((group >> b) & 1) === 1);
  return bits.slice(0, Number(lengthText ?? 128));
}

interface TrieNode {
  children: [TrieNode | number | undefined, TrieNode | number | undefined];
}

/** The bytes of a MaxMind DB (ip_version 6, record_size 24) holding `networks`. */
export function writeMmdb(networks: MmdbNetwork[], databaseType = 'GeoLite2-City', languages = ['en']): Buffer {
  const records: Buffer[] = [];
  let dataLength = 0;
  const root: TrieNode = { children: [undefined, undefined] };
  for (const { network, data } of networks) {
    const encoded = encode(data);
    const offset = dataLength;
    records.push(encoded);
    dataLength += encoded.length;
    const bits = prefixBits(network);
    let node = root;
    bits.forEach((bit, depth) => {
      const side = bit ? 1 : 0;
      if (depth === bits.length - 1) {
        node.children[side] = offset;
        return;
      }
      const next = node.children[side];
      if (typeof next !== 'object') node.children[side] = { children: [undefined, undefined] };
      node = node.children[side] as TrieNode;
    });
  }
  const order: TrieNode[] = [];
  const numbers = new Map<TrieNode, number>();
  const queue = [root];
  while (queue.length > 0) {
    const node = queue.shift()!;
    numbers.set(node, order.length);
    order.push(node);
    for (const child of node.children) if (typeof child === 'object') queue.push(child);
  }
  const nodeCount = order.length;
  const record = (child: TrieNode | number | undefined): number => {
    if (child === undefined) return nodeCount;
    if (typeof child === 'number') return nodeCount + 16 + child;
    return numbers.get(child)!;
  };
  const tree = Buffer.alloc(nodeCount * 6);
  order.forEach((node, i) => {
    tree.writeUIntBE(record(node.children[0]), i * 6, 3);
    tree.writeUIntBE(record(node.children[1]), i * 6 + 3, 3);
  });
  const metadata = encode({
    binary_format_major_version: { uint: 2 },
    binary_format_minor_version: { uint: 0 },
    build_epoch: { uint: 1_700_000_000 },
    database_type: databaseType,
    description: { en: 'test database written by test/support/mmdbWriter.ts' },
    ip_version: { uint: 6 },
    languages,
    node_count: { uint: nodeCount },
    record_size: { uint: 24 },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...records, METADATA_MARKER, metadata]);
}

/** A GeoLite2-City record with names in English (and the other languages given). */
export function cityRecord(fields: {
  city?: Record<string, string>;
  country: Record<string, string>;
  countryCode: string;
  continent: Record<string, string>;
  subdivision?: Record<string, string>;
  latitude: number;
  longitude: number;
  timeZone?: string;
  metroCode?: number;
}): { [key: string]: MmdbValue } {
  return {
    ...(fields.city ? { city: { geoname_id: 1, names: fields.city } } : {}),
    continent: { code: 'XX', geoname_id: 2, names: fields.continent },
    country: { geoname_id: 3, iso_code: fields.countryCode, names: fields.country },
    location: {
      accuracy_radius: { uint: 100 },
      latitude: { double: fields.latitude },
      longitude: { double: fields.longitude },
      ...(fields.metroCode !== undefined ? { metro_code: { uint: fields.metroCode } } : {}),
      ...(fields.timeZone ? { time_zone: fields.timeZone } : {}),
    },
    ...(fields.subdivision ? { subdivisions: [{ geoname_id: 4, iso_code: 'SS', names: fields.subdivision }] } : {}),
  };
}

/** The marker that starts the metadata: a file cut before it is no MaxMind DB. */
export const MMDB_METADATA_MARKER = METADATA_MARKER;

/** Addresses of the test GeoIP database and what it says of them (shaped on MaxMind's own test data). */
export const TEST_GEOIP_NETWORKS: MmdbNetwork[] = [
  {
    network: '81.2.69.0/24',
    data: cityRecord({
      city: { en: 'London', de: 'London' }, country: { en: 'United Kingdom', de: 'Vereinigtes Königreich' }, countryCode: 'GB',
      continent: { en: 'Europe', de: 'Europa' }, subdivision: { en: 'England' }, latitude: 51.5142, longitude: -0.0931, timeZone: 'Europe/London',
    }),
  },
  {
    network: '89.160.20.128/25',
    data: cityRecord({
      city: { en: 'Linköping', de: 'Linköping' }, country: { en: 'Sweden', de: 'Schweden' }, countryCode: 'SE',
      continent: { en: 'Europe', de: 'Europa' }, subdivision: { en: 'Östergötland County' }, latitude: 58.4167, longitude: 15.6167, timeZone: 'Europe/Stockholm',
    }),
  },
  {
    network: '216.160.83.56/29',
    data: cityRecord({
      city: { en: 'Milton' }, country: { en: 'United States' }, countryCode: 'US', continent: { en: 'North America' },
      subdivision: { en: 'Washington' }, latitude: 47.2513, longitude: -122.3149, timeZone: 'America/Los_Angeles', metroCode: 819,
    }),
  },
  {
    network: '2001:218::/32',
    data: cityRecord({ country: { en: 'Japan', ja: '日本' }, countryCode: 'JP', continent: { en: 'Asia', ja: 'アジア' }, latitude: 35.68536, longitude: 139.75309, timeZone: 'Asia/Tokyo' }),
  },
];
