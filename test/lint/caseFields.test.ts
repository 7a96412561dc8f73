// What SPL111 knows: which fields hold Windows names (the CIM's, checked against the catalogue, and
// the raw names the Windows data sources map onto them) and how letter case shows in literals and
// regular expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CimCatalogue } from '../../server/src/cim/catalogue';
import { hasCasedLetter, recasedRaw, regexHasCasedLetter, regexIgnoresCase } from '../../server/src/lint/caseLetters';
import { WINDOWS_CIM_FIELDS, WindowsFields } from '../../server/src/lint/windowsFields';
import { parseSpl } from '../../server/src/spl/parser';
import type { StringNode } from '../../server/src/spl/ast';
import { allNodes } from '../../server/src/spl/visit';

const cim = new CimCatalogue();

test('every CIM field the rule lists is a field of some CIM 8.5 dataset', () => {
  const names = new Set<string>();
  for (const model of ['Endpoint', 'Authentication', 'Change', 'Network_Traffic', 'Network_Sessions', 'Intrusion_Detection']) {
    for (const dataset of cim.datasetsOf(model)) for (const field of cim.fieldsOf(dataset)) names.add(field.name);
  }
  assert.deepEqual(Object.keys(WINDOWS_CIM_FIELDS).filter((name) => !names.has(name)), []);
});

test('the raw names come from the Windows data sources mapping onto those fields', () => {
  const sysmon = cim.sourcesOf('process_name').filter((s) => s.raw === 'Image').map((s) => s.rule.id);
  assert.ok(sysmon.some((id) => id.startsWith('sysmon')), 'Sysmon maps Image onto process_name');
  const fields = new WindowsFields(cim);
  assert.equal(fields.kindOf('Image'), 'a process name');
  assert.equal(fields.kindOf('NewProcessName'), 'a process name');
  assert.equal(fields.kindOf('CommandLine'), 'a command line');
  assert.equal(fields.kindOf('TargetObject'), 'a registry path');
  assert.equal(fields.kindOf('Computer'), 'a host name');
  assert.equal(fields.kindOf('Processes.process_name'), 'a process name', 'a dataset prefix is ignored');
  for (const name of ['ObjectName', 'IpAddress', 'SubjectUserSid', 'userIdentity.userName', 'original_file_name', 'constructor']) {
    assert.equal(fields.kindOf(name), undefined, name);
  }
});

test('letter case in literals and regular expressions', () => {
  assert.equal(hasCasedLetter('cmd.exe'), true);
  assert.equal(hasCasedLetter('10.0.0.1'), false);
  assert.equal(regexIgnoresCase('(?i)cmd'), true);
  assert.equal(regexIgnoresCase('a(?i:cmd)'), true);
  assert.equal(regexIgnoresCase('(?s)cmd'), false);
  assert.equal(regexHasCasedLetter('rundll32.+\\#\\d+'), true);
  assert.equal(regexHasCasedLetter('__\\d{1,10}\\.\\d{1,10}'), false, 'escapes are no letters');
  assert.equal(regexHasCasedLetter('^[0-9a-fA-F]{32}$'), false, 'a class with both cases');
  assert.equal(regexHasCasedLetter('[a-z]+'), true, 'a class with one case');
  assert.equal(regexHasCasedLetter('(?<name>\\d+)'), false, 'a group name is no letter');
});

test('a literal is re-cased only when that keeps its escapes', () => {
  const strings = allNodes(parseSpl('| eval a="C:\\\\Windows\\\\CMD.EXE", b="C:\\Temp\\A.exe"').ast).filter((n): n is StringNode => n.kind === 'string');
  assert.equal(recasedRaw(strings[0], 'lower'), '"c:\\\\windows\\\\cmd.exe"');
  assert.equal(recasedRaw(strings[1], 'lower'), undefined, '\\T would become \\t, a tab');
});
