// A damaged GeoIP database must stop a run with a message naming the file, never crash it or hang it:
// MaxMind DB files with random bytes changed (tree records, data, metadata) are opened and looked up.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { GeoIpError, openGeoIpDatabase } from '../../server/src/engine/eval/geoip';
import { hangGuarded } from '../support/hangGuard';
import { TEST_GEOIP_NETWORKS, writeMmdb } from '../support/mmdbWriter';

const HANG_GUARD = { timeout: 30_000 };
const PROBES = ['81.2.69.142', '2001:218::1', '216.160.83.60', '89.160.20.130', '10.0.0.1'];

hangGuarded('a MaxMind DB with changed bytes gives locations or a GeoIpError naming the file, nothing else', HANG_GUARD, () => {
  const dir = mkdtempSync(join(tmpdir(), 'spl-hostile-geoip-'));
  try {
    const original = writeMmdb(TEST_GEOIP_NETWORKS);
    const path = join(dir, 'damaged.mmdb');
    let refused = 0;
    let opened = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (changes) => {
        const bytes = Buffer.from(original);
        for (const [at, value] of changes) bytes[at] = value;
        writeFileSync(path, bytes);
        try {
          const database = openGeoIpDatabase(path);
          for (const ip of PROBES) database.locate(ip, 'en');
          opened++;
        } catch (error) {
          assert.ok(error instanceof GeoIpError, `not a GeoIpError: ${String(error)}`);
          assert.ok(error.message.includes(path), error.message);
          refused++;
        }
      }),
      { numRuns: 1_500 },
    );
    // Both outcomes happen: changed bytes in names or numbers still read; changed structure is refused.
    assert.ok(refused > 0 && opened > 0, `refused ${refused}, opened ${opened}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
