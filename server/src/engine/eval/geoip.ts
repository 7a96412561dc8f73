// The GeoIP database behind iplocation: a MaxMind DB file (.mmdb) such as the GeoLite2-City.mmdb
// Splunk ships in $SPLUNK_HOME/share, read with mmdb-lib. A record becomes Splunk's iplocation fields
// (docs/semantics.md, "iplocation").
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Reader } from 'mmdb-lib';

/** The fields iplocation adds, by Splunk's names; a field the record lacks is absent. */
export interface GeoLocation {
  City?: string;
  Continent?: string;
  Country?: string;
  MetroCode?: string;
  Region?: string;
  Timezone?: string;
  lat?: string;
  lon?: string;
}

export interface GeoIpDatabase {
  readonly path: string;
  /** The location of an address (a CIDR subnet is looked up by its address); undefined when it has none. */
  locate(address: string, lang: string): GeoLocation | undefined;
}

/** The database could not be opened or read; the message names the file and the reason. */
export class GeoIpError extends Error {}

const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');

type Loose = { [key: string]: unknown } | undefined;

function member(record: Loose, key: string): Loose {
  const value = record?.[key];
  return value !== null && typeof value === 'object' ? (value as Loose) : undefined;
}

/** The name in `lang`, else in English (GeoLite2 names every place in English). */
function nameOf(record: Loose, lang: string): string | undefined {
  const names = member(record, 'names');
  const name = names?.[lang] ?? names?.en;
  return typeof name === 'string' ? name : undefined;
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
}

function toLocation(record: Loose, lang: string): GeoLocation {
  const location = member(record, 'location');
  const subdivisions = record?.subdivisions;
  const region = Array.isArray(subdivisions) ? (subdivisions[0] as Loose) : undefined;
  const fields: GeoLocation = {
    City: nameOf(member(record, 'city'), lang),
    Continent: nameOf(member(record, 'continent'), lang),
    Country: nameOf(member(record, 'country'), lang),
    MetroCode: scalar(location?.metro_code),
    Region: nameOf(region, lang),
    Timezone: scalar(location?.time_zone),
    lat: scalar(location?.latitude),
    lon: scalar(location?.longitude),
  };
  for (const key of Object.keys(fields) as Array<keyof GeoLocation>) if (fields[key] === undefined) delete fields[key];
  return fields;
}

/** Opens `path` once; each lookup reads the in-memory copy. Throws GeoIpError naming the file. */
export function openGeoIpDatabase(path: string): GeoIpDatabase {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new GeoIpError(`cannot read the GeoIP database ${path}: ${reason}`);
  }
  // mmdb-lib looks for the metadata marker from the end and reads garbage when there is none.
  if (bytes.lastIndexOf(METADATA_MARKER) < 0) throw new GeoIpError(`${path} is not a MaxMind DB (.mmdb) file: it has no metadata section`);
  let reader: Reader<Record<string, unknown>>;
  try {
    reader = new Reader<Record<string, unknown>>(bytes);
  } catch (error) {
    throw new GeoIpError(`${path} is not a readable MaxMind DB (.mmdb) file: ${(error as Error).message}`);
  }
  return {
    path,
    locate(address, lang) {
      // A CIDR subnet is looked up by its address; an IPv4-mapped IPv6 address by its IPv4 one.
      const ip = address.trim().replace(/\/\d{1,3}$/, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
      const version = isIP(ip);
      if (version === 0 || (version === 6 && reader.metadata.ipVersion === 4)) return undefined;
      let record: Record<string, unknown> | null;
      try {
        record = reader.get(ip);
      } catch (error) {
        throw new GeoIpError(`the GeoIP database ${path} is damaged (looking up ${ip}): ${(error as Error).message}`);
      }
      if (!record) return undefined;
      const location = toLocation(record, lang);
      return Object.keys(location).length > 0 ? location : undefined;
    },
  };
}
