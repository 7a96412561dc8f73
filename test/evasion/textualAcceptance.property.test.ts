// A variant that the search accepts on its text is never reported as evading, and one it rejects is:
// for random msiexec command lines and images (Sysmon XML events made from the sample log's line 2)
// and random searches of wildcard patterns on CommandLine and Image, every verdict of checkEvasion
// equals a plain case-insensitive wildcard match of the variant's fields written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { Project } from '../../server/src/workspace/project';
import { checkEvasion } from '../../server/src/evasion/checkEvasion';
import { rewriteEvent } from '../../server/src/evasion/rewriteEvent';

const template = readFileSync(resolve(__dirname, '../../samples/logs/msiexec_sysmon.log'), 'utf8').split('\n')[1];

const program = fc.constantFrom('msiexec.exe', 'MSIEXEC', '"C:\\Windows\\System32\\msiexec.exe"', 'msiexec', 'C:\\Windows\\SysWOW64\\msiexec.exe');
const option = fc.constantFrom('/y', '-y', '/Y', '/z', '-i', '/qn', '/package', '/l*v', 'x.dll', '"C:\\a b\\c.msi"', '-Z');
const commandLine = fc.tuple(program, fc.array(option, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '  ')).map(([p, opts, gap]) => [p, ...opts].join(gap));
const image = fc.constantFrom('C:\\Windows\\System32\\msiexec.exe', 'C:\\Windows\\SysWOW64\\msiexec.exe', 'C:\\Temp\\installer.exe');
const pattern = fc.constantFrom('*/y*', '*-y*', '*/z*', '* /y *', '*msiexec.exe /y*', 'msiexec*', '*/package*', '*/i*', '*y*', '*"msiexec.exe"*');
const imagePattern = fc.constantFrom('*msiexec.exe', '*\\System32\\*', '*.exe');

/** Splunk's wildcard match of a field, case-insensitive: `*` is any text, nothing else is special. */
function wildcard(text: string, glob: string): boolean {
  const source = glob.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 'is').test(text);
}

/** A value as an SPL string: backslashes and quotes escaped. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

test('a variant the search accepts on its text is never reported evading (and one it rejects is)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evade-property-'));
  try {
    await fc.assert(
      fc.asyncProperty(commandLine, image, fc.array(pattern, { minLength: 1, maxLength: 2 }), fc.option(imagePattern, { nil: undefined }), async (line, imagePath, patterns, onImage) => {
        const event = rewriteEvent(template, new Map([['CommandLine', line], ['Image', imagePath]]));
        assert.ok(event.ok);
        writeFileSync(join(dir, 'events.log'), event.raw + '\n');
        const search = `index=main EventCode=1 CommandLine IN (${patterns.map(quoted).join(', ')})${onImage ? ` Image=${quoted(onImage)}` : ''}`;
        writeFileSync(join(dir, 'search.spl'), search + '\n');
        const accepts = (fields: Record<string, string>) =>
          patterns.some((p) => wildcard(fields.CommandLine, p)) && (onImage === undefined || wildcard(fields.Image, onImage));
        const original = { CommandLine: line, Image: imagePath };
        const report = await checkEvasion({
          project: Project.load([dir]), path: join(dir, 'search.spl'), log: join(dir, 'events.log'), now: 1_700_000_000,
          metadata: { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog' },
        });
        assert.equal(report.run.ok, true, JSON.stringify(report.run.problems));
        assert.equal(report.hits.length, accepts(original) ? 1 : 0, `hits of ${search} on ${line} / ${imagePath}`);
        for (const variant of report.hits[0]?.variants ?? []) {
          const fields = { ...original, ...variant.changes };
          assert.equal(variant.evades, !accepts(fields), `${variant.technique}: ${JSON.stringify(fields)} under ${search}`);
        }
      }),
      { numRuns: 60 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
