// iplocation (docs/semantics.md, "iplocation") over MaxMind DB files written by test/support/mmdbWriter.ts
// and read by mmdb-lib: the fields Splunk adds, prefix/allfields/lang, addresses without a location,
// and a database that is missing, not a MaxMind DB, or not given at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { openGeoIpDatabase } from '../../../server/src/engine/eval/geoip';
import { cityRecord, MMDB_METADATA_MARKER, TEST_GEOIP_NETWORKS, writeMmdb } from '../../support/mmdbWriter';
import { jsonEvents } from './support';
import { failure, runWith } from './sourcesSupport';

const dir = mkdtempSync(join(tmpdir(), 'spl-geoip-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const databasePath = join(dir, 'GeoLite2-City-Test.mmdb');
writeFileSync(databasePath, writeMmdb(TEST_GEOIP_NETWORKS));
const geoip = () => openGeoIpDatabase(databasePath);

const addresses = jsonEvents([
  { src: '81.2.69.142' }, // 1: London
  { src: '10.1.2.3' }, // 2: private, no location
  { src: '2001:218::1' }, // 3: Japan, no city or region
  { src: '216.160.83.60' }, // 4: Milton, with a metro code
  { src: 'not an address' }, // 5
  { other: 'x' }, // 6: no src
  { src: '89.160.20.0/25' }, // 7: a subnet outside the database's 89.160.20.128/25
  { src: '89.160.20.130/32' }, // 8: a subnet inside it
]);

test('iplocation adds City, Country, Region, lat, lon; an address without a location gets no fields', async () => {
  const outcome = await runWith('search * | iplocation src | table src City Country Region lat lon', addresses, { geoip });
  assert.equal(outcome.error, undefined);
  assert.deepEqual(outcome.table, [
    { src: '81.2.69.142', City: 'London', Country: 'United Kingdom', Region: 'England', lat: '51.5142', lon: '-0.0931' },
    { src: '10.1.2.3' },
    // SR iplocation: "some fields can have empty field values" when the database lacks them.
    { src: '2001:218::1', City: '', Country: 'Japan', Region: '', lat: '35.68536', lon: '139.75309' },
    { src: '216.160.83.60', City: 'Milton', Country: 'United States', Region: 'Washington', lat: '47.2513', lon: '-122.3149' },
    { src: 'not an address' },
    {},
    { src: '89.160.20.0/25' },
    { src: '89.160.20.130/32', City: 'Linköping', Country: 'Sweden', Region: 'Östergötland County', lat: '58.4167', lon: '15.6167' },
  ]);
});

test('iplocation allfields=true adds Continent, MetroCode and Timezone; prefix= names the fields; lang= picks names', async () => {
  const one = jsonEvents([{ src: '216.160.83.60' }]);
  const plain = await runWith('search * | iplocation src | table Continent MetroCode Timezone', one, { geoip });
  assert.deepEqual(plain.table, [{}]);
  const all = await runWith('search * | iplocation allfields=true src | table City Continent Country MetroCode Region Timezone lat lon', one, { geoip });
  assert.deepEqual(all.table, [
    { City: 'Milton', Continent: 'North America', Country: 'United States', MetroCode: '819', Region: 'Washington', Timezone: 'America/Los_Angeles', lat: '47.2513', lon: '-122.3149' },
  ]);
  const prefixed = await runWith('search * | iplocation prefix=src_ src | table src_*', one, { geoip });
  assert.deepEqual(Object.keys(prefixed.table[0]).sort(), ['src_City', 'src_Country', 'src_Region', 'src_lat', 'src_lon']);
  const german = await runWith('search * | iplocation lang=de src | table City Country', jsonEvents([{ src: '81.2.69.1' }, { src: '216.160.83.57' }]), { geoip });
  // A name the database lacks in that language stays English.
  assert.deepEqual(german.table, [{ City: 'London', Country: 'Vereinigtes Königreich' }, { City: 'Milton', Country: 'United States' }]);
  const mapped = await runWith('search * | iplocation src | table Country', jsonEvents([{ src: '::ffff:81.2.69.1' }]), { geoip });
  assert.deepEqual(mapped.table, [{ Country: 'United Kingdom' }]);
});

test('iplocation without a database, with a missing one or with a file that is no MaxMind DB fails before reading, at its name', async () => {
  const spl = 'search * | iplocation src';
  const none = await runWith(spl, addresses);
  assert.match(failure(spl, none), /^RUN005: iplocation needs a GeoIP database: .*splDetect\.geoipDatabase.*--geoip FILE.* @ iplocation$/);
  const missing = await runWith(spl, addresses, { geoip: () => openGeoIpDatabase(join(dir, 'absent.mmdb')) });
  assert.equal(failure(spl, missing), `RUN005: iplocation: cannot read the GeoIP database ${join(dir, 'absent.mmdb')}: no such file @ iplocation`);
  const text = join(dir, 'notes.mmdb');
  writeFileSync(text, 'just some text, not a database\n'.repeat(100));
  const notDatabase = await runWith(spl, addresses, { geoip: () => openGeoIpDatabase(text) });
  assert.equal(failure(spl, notDatabase), `RUN005: iplocation: ${text} is not a MaxMind DB (.mmdb) file: it has no metadata section @ iplocation`);
  // The metadata marker with nothing readable after it.
  const cut = join(dir, 'cut.mmdb');
  writeFileSync(cut, Buffer.concat([Buffer.alloc(64), MMDB_METADATA_MARKER]));
  const truncated = await runWith(spl, addresses, { geoip: () => openGeoIpDatabase(cut) });
  assert.match(failure(spl, truncated), /^RUN005: iplocation: .*cut\.mmdb is not a readable MaxMind DB \(\.mmdb\) file: .* @ iplocation$/);
  assert.equal(none.lines.length + missing.lines.length + notDatabase.lines.length + truncated.lines.length, 0);
});

test('property: a lookup finds the network that holds the address, and nothing outside every network', () => {
  const octets = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }));
  fc.assert(
    fc.property(fc.uniqueArray(octets, { minLength: 1, maxLength: 30, selector: (o) => o.join('.') }), fc.array(fc.tuple(octets, fc.integer({ min: 0, max: 255 })), { maxLength: 30 }), (networks, probes) => {
      const named = new Map(networks.map((o, i) => [o.join('.'), `Place ${i}`]));
      const path = join(dir, 'property.mmdb');
      const records = networks.map((o) => ({
        network: `${o.join('.')}.0/24`,
        data: cityRecord({ city: { en: named.get(o.join('.'))! }, country: { en: 'C' }, countryCode: 'CC', continent: { en: 'K' }, latitude: 1.5, longitude: -2.5 }),
      }));
      writeFileSync(path, writeMmdb(records));
      const database = openGeoIpDatabase(path);
      const inside = networks.map((o) => [o, 7] as const);
      for (const [prefix, last] of [...inside, ...probes]) {
        const address = `${prefix.join('.')}.${last}`;
        assert.equal(database.locate(address, 'en')?.City, named.get(prefix.join('.')), address);
      }
    }),
    { numRuns: 60 },
  );
});
