// The switch knowledge SPL104 and SPL109 share (switches.ts, switchPrograms.ts, switchRegex.ts): the
// table's rows, how programs are named, how a switch is judged, and which regex shapes are switches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SWITCH_PREFIXES, judgeSwitch, programName, programsOf, type Programs } from '../../server/src/lint/switches';
import { acceptedPrefixes, recordedPrograms } from '../../server/src/lint/switchPrograms';
import { regexSwitches } from '../../server/src/lint/switchRegex';
import { parseSpl } from '../../server/src/spl/parser';

const known = (...names: string[]): Programs => ({ names: new Set(names), unknown: false });

test('every row of the table names its source and only the five windash prefixes', () => {
  for (const program of recordedPrograms()) {
    assert.equal(program, program.toLowerCase(), program);
    for (const body of ['enc', 'ComputerName', 'y']) {
      const acceptance = acceptedPrefixes(program, body);
      if (!acceptance) continue;
      assert.ok(acceptance.source.length > 10, `${program}: a source`);
      assert.ok(acceptance.prefixes.every((p) => (SWITCH_PREFIXES as readonly string[]).includes(p)), program);
    }
  }
});

test('program names: folders, case, extension and leading wildcards go; patterns stay patterns', () => {
  assert.equal(programName('C:\\Windows\\System32\\NET.exe'), 'net');
  assert.equal(programName('*\\\\msiexec.exe'), 'msiexec');
  assert.equal(programName('cmd'), 'cmd');
  assert.equal(programName('python*.exe'), 'python*');
  assert.equal(programName('*'), undefined);
  assert.equal(programName('$process$'), undefined);
});

test('the programs of a search: process and parent names, values under NOT left out', () => {
  const { ast } = parseSpl('index=win (process_name=powershell.exe OR Image="*\\\\pwsh.exe") parent_process_name IN (cmd.exe, "net*.exe") NOT process_name=curl.exe');
  const programs = programsOf(ast);
  assert.deepEqual([...programs.process.names], ['powershell', 'pwsh']);
  assert.equal(programs.process.unknown, false);
  assert.deepEqual([...programs.parent.names], ['cmd', 'net*']);
});

test('judging a switch: the forms the program takes and the search lacks, with the program and source', () => {
  const msiexec = judgeSwitch('y', new Set(['/']), known('msiexec'));
  assert.deepEqual(msiexec.acceptedMissing, ['-']);
  assert.equal(msiexec.evidence?.program, 'msiexec');
  assert.equal(msiexec.unverified, false);
  assert.deepEqual(judgeSwitch('y', new Set(['/', '-']), known('msiexec')), { acceptedMissing: [], unverified: false });
  // powershell.exe's own parameters take every prefix; a parameter of PowerShell code takes the dashes only.
  assert.deepEqual(judgeSwitch('enc', new Set(['-']), known('powershell')).acceptedMissing, ['/', '\u2013', '\u2014', '\u2015']);
  assert.deepEqual(judgeSwitch('ComputerName', new Set(['-']), known('powershell')).acceptedMissing, ['\u2013', '\u2014', '\u2015']);
  // `-filter` next to cmd.exe is no switch of cmd (which takes `/` only): nothing is claimed, it is unverified.
  assert.deepEqual(judgeSwitch('filter', new Set(['-']), known('cmd')), { acceptedMissing: [], unverified: true });
  // A program the table does not know, or none named, leaves the switch unverified.
  assert.equal(judgeSwitch('u', new Set(['/']), known('installutil')).unverified, true);
  assert.equal(judgeSwitch('u', new Set(['/']), known()).unverified, true);
});

test('switches in a regular expression: a lone prefix after a boundary, a class of prefixes; alternations and other classes are not', () => {
  const shapes = (pattern: string) => regexSwitches(pattern).map((s) => `${s.kind} ${[...s.prefixes].join('')} ${s.body} ${pattern.slice(s.start, s.end)}`);
  assert.deepEqual(shapes('(?i)\\s-enc'), ['bare - enc -']);
  assert.deepEqual(shapes('(?i)cmd\\.exe\\s+\\/Q\\s+\\/c'), ['bare / Q \\/', 'bare / c \\/']);
  assert.deepEqual(shapes('(?i)[\\-|\\/|–|—|―][Ee^]{1,2}'), ['class -/–—―  [\\-|\\/|–|—|―]']);
  assert.deepEqual(shapes('(?i)(-|/)enc'), []);
  assert.deepEqual(shapes('[a-z-]+x'), []);
  assert.deepEqual(shapes('abc-def'), [], 'a hyphen inside a word is no switch');
  assert.deepEqual(shapes('(-O|-sO|--output)'), ['bare - O -', 'bare - sO -']);
});
