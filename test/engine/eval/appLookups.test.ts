// A Splunk app's lookups: definitions in default/ and local/transforms.conf beside lookups/, found from a
// search in the app (a .spl file in a subfolder, default/savedsearches.conf); a run reads them, and hover /
// go to definition reach the stanza.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupDefinitionAt, lookupHover } from '../../../server/src/engine/eval/lookupQueries';
import { LookupFolder } from '../../../server/src/engine/eval/lookupTables';
import { runDetection } from '../../../server/src/engine/eval/runDetection';
import { Project } from '../../../server/src/workspace/project';
import { findLookupsFolder } from '../../../server/src/workspace/root';

const DEFAULT_TRANSFORMS = [
  '[suspicious_tools]',
  'filename = tools.csv',
  'match_type = WILDCARD(process)',
  'max_matches = 1',
  '',
  '[seen_users]',
  'external_type = kvstore',
  'collection = seen_users',
  'fields_list = _key, user, firstSeen',
  '',
  '# a field extraction, not a lookup',
  '[extract_user]',
  'REGEX = user=(\\w+)',
  'FORMAT = user::$1',
  '',
].join('\n');
const LOCAL_TRANSFORMS = '[suspicious_tools]\ncase_sensitive_match = false\n';
const SAVED = '[Suspicious Tool]\nsearch = kind=proc | lookup suspicious_tools process OUTPUT verdict | search verdict=* | table process verdict\n';

function app(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'spl-app-lookups-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const sub of ['default', 'local', 'lookups']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'default/transforms.conf'), DEFAULT_TRANSFORMS);
  writeFileSync(join(dir, 'local/transforms.conf'), LOCAL_TRANSFORMS);
  writeFileSync(join(dir, 'lookups/tools.csv'), 'process,verdict\n*\\psexec*.exe,lateral\n*\\mimikatz.exe,credentials\n');
  writeFileSync(join(dir, 'default/savedsearches.conf'), SAVED);
  writeFileSync(join(dir, 'events.json'), ['{"kind":"proc","process":"C:\\\\Tools\\\\PsExec64.exe"}', '{"kind":"proc","process":"C:\\\\Windows\\\\notepad.exe"}'].join('\n') + '\n');
  return dir;
}

test('transforms.conf lookups: local/ over default/ key by key; KV store stanzas; extraction stanzas are not lookups', (t) => {
  const dir = app(t);
  const folder = new LookupFolder(join(dir, 'lookups'));
  const tools = folder.definition('suspicious_tools');
  assert.deepEqual(
    [tools.file, [...tools.matchTypes], tools.caseSensitive, tools.maxMatches, tools.source],
    [join(dir, 'lookups/tools.csv'), [['process', 'WILDCARD']], false, 1, join(dir, 'local/transforms.conf')],
  );
  assert.deepEqual(folder.definition('seen_users').collection, { name: 'seen_users', fields: ['_key', 'user', 'firstSeen'] });
  // tools.csv is read by suspicious_tools, so it is not offered on its own.
  assert.deepEqual(folder.names().map((n) => n.name), ['seen_users', 'suspicious_tools']);
  assert.throws(() => folder.definition('extract_user'), /not defined in .* no transforms.conf beside it has \[extract_user\]/);
});

test('a search of the app runs with its transforms.conf lookup (the app\'s lookups/ found from a subfolder)', async (t) => {
  const dir = app(t);
  mkdirSync(join(dir, 'searches'));
  const spl = join(dir, 'searches/suspicious_tool.spl');
  writeFileSync(spl, SAVED.split('search = ')[1]);
  assert.equal(findLookupsFolder(spl), join(dir, 'lookups'));
  assert.equal(findLookupsFolder(join(dir, 'default/savedsearches.conf')), join(dir, 'lookups'));
  const project = Project.load([dir]);
  const run = await runDetection({ project, path: spl, log: join(dir, 'events.json'), now: 1_700_000_000 });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  // case_sensitive_match = false (local/) lets PsExec64.exe match *\psexec*.exe.
  assert.deepEqual(run.results.map((r) => [r.fields.process, r.fields.verdict]), [['C:\\Tools\\PsExec64.exe', 'lateral']]);
});

test('hover and go to definition on a transforms.conf lookup reach its stanza', (t) => {
  const dir = app(t);
  const saved = join(dir, 'default/savedsearches.conf');
  const project = Project.load([dir]);
  const offset = SAVED.indexOf('suspicious_tools') + 3;
  const hover = lookupHover(project, saved, offset, (file) => file.slice(dir.length + 1));
  assert.match(hover?.markdown ?? '', /^\*\*`suspicious_tools`\*\* — lookup defined in `local\/transforms.conf`\n\n- file: `lookups\/tools.csv`\n- fields: `process`, `verdict`\n- match_type: WILDCARD\(process\)\n- matching: ignores case, at most 1 row\(s\)$/);
  const target = lookupDefinitionAt(project, saved, offset);
  assert.equal(target?.path, join(dir, 'local/transforms.conf'));
  assert.equal(target && target.text.slice(target.span.start, target.span.end), 'suspicious_tools');
  assert.equal(target?.span.start, 1);
});

test('the lookups folder is looked for up to the workspace root, not above it', (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'spl-lookups-root-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  mkdirSync(join(parent, 'lookups'));
  const workspace = join(parent, 'content');
  mkdirSync(join(workspace, 'detections/endpoint'), { recursive: true });
  const detection = join(workspace, 'detections/endpoint/x.yml');
  writeFileSync(detection, 'name: X\nsearch: \'* | lookup users user\'\n');
  // The parent's lookups/ is another project's: this workspace has none of its own.
  assert.equal(findLookupsFolder(detection), join(workspace, 'lookups'));
  mkdirSync(join(workspace, 'lookups'));
  assert.equal(findLookupsFolder(detection), join(workspace, 'lookups'));
});
