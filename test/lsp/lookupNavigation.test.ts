// Lookup table names over stdio, on copies of corpus detections and the lookups they read: hover shows
// the definition, its CSV's fields and how it matches; go to definition opens the definition's name:
// (or the CSV a bare file name reads); a KV store collection says a run reads it as empty; an unknown
// name says it is not defined.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionList, Hover, Location, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { cursorIn, rangeOf } from './cursor';
import { LSP_TEST, LspSession, fileUri } from './harness';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const CORPUS = corpusPath('security_content');
const BRAND = 'detections/application/monitor_email_for_brand_abuse.yml';
const NEW_USER = 'detections/cloud/detect_aws_console_login_by_new_user.yml';
const LINUX = 'detections/endpoint/suspicious_linux_discovery_commands.yml';
const FILES = [
  BRAND,
  NEW_USER,
  LINUX,
  'lookups/brandmonitoring_lookup.yml',
  'lookups/brand_monitoring.csv',
  'lookups/previously_seen_users_console_logins.yml',
  'lookups/linux_tool_discovery_process.yml',
  'lookups/linux_tool_discovery_process.csv',
];
let workspace: string;
let session: LspSession;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spl-lsp-lookups-'));
  for (const file of FILES) {
    mkdirSync(join(workspace, file, '..'), { recursive: true });
    copyFileSync(join(CORPUS, file), join(workspace, file));
  }
  session = await LspSession.start(workspace, { diagnosticsSettleMs: 0 });
});
after(async () => {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

async function hoverAt(file: string, snippet: string): Promise<{ text: string; hover: Hover | null; uri: string }> {
  const text = readFileSync(join(workspace, file), 'utf8');
  const uri = await session.open(join(workspace, file));
  const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: cursorIn(text, snippet) });
  return { text, hover, uri };
}

function markdown(hover: Hover | null): string {
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

test('hover on a lookup name: its definition, CSV fields, match_type and matching rules', LSP_TEST, async () => {
  const { text, hover } = await hoverAt(BRAND, 'brandMonit$0oring_lookup domain as');
  assert.equal(
    markdown(hover),
    [
      '**`brandMonitoring_lookup`** — lookup defined in `lookups/brandmonitoring_lookup.yml`',
      '',
      'A file that contains look-a-like domains for brands that you want to monitor',
      '',
      '- file: `lookups/brand_monitoring.csv`',
      '- fields: `domain`, `domain_abuse`',
      '- match_type: WILDCARD(domain)',
      '- matching: case-sensitive, at most 100 row(s), default `false` below 1 match(es)',
    ].join('\n'),
  );
  assert.deepEqual(hover?.range, rangeOf(text, 'brandMonitoring_lookup', 'brandMonitoring_lookup domain as'));
});

test('go to definition on a lookup name opens the name: of its definition; a bare CSV name opens the CSV', LSP_TEST, async () => {
  const text = readFileSync(join(workspace, BRAND), 'utf8');
  const uri = await session.open(join(workspace, BRAND));
  const found = await session.request<Location | Location[] | null>('textDocument/definition', { textDocument: { uri }, position: cursorIn(text, 'brand$0Monitoring_lookup domain as') });
  const target = Array.isArray(found) ? found[0] : found;
  const yml = readFileSync(join(workspace, 'lookups/brandmonitoring_lookup.yml'), 'utf8');
  assert.deepEqual(target, { uri: fileUri(join(workspace, 'lookups/brandmonitoring_lookup.yml')), range: rangeOf(yml, 'brandMonitoring_lookup', 'name: brandMonitoring_lookup') });

  const linux = readFileSync(join(workspace, LINUX), 'utf8');
  const linuxUri = await session.open(join(workspace, LINUX));
  const csv = await session.request<Location | Location[] | null>('textDocument/definition', { textDocument: { uri: linuxUri }, position: cursorIn(linux, 'inputlookup linux_tool$0_discovery_process.csv') });
  assert.deepEqual(csv, { uri: fileUri(join(workspace, 'lookups/linux_tool_discovery_process.csv')), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
});

test('hover on a KV store collection says a run reads it as empty; an unknown lookup says it is not defined', LSP_TEST, async () => {
  const { hover } = await hoverAt(NEW_USER, 'inputlookup previously_seen_users$0_console_logins');
  assert.match(markdown(hover), /^\*\*`previously_seen_users_console_logins`\*\* — lookup defined in `lookups\/previously_seen_users_console_logins.yml`/);
  assert.match(markdown(hover), /- KV store collection `previously_seen_users_console_logins`: no local data \(a run reads it as empty; rows may be put in `previously_seen_users_console_logins.csv`\)\n- fields: `_key`, `firstTime`, `lastTime`, `user`, `src`, `City`, `Region`, `Country`/);

  const text = readFileSync(join(workspace, BRAND), 'utf8');
  const uri = fileUri(join(workspace, BRAND));
  const edited = text.replace('brandMonitoring_lookup domain as', 'brandMonitoring_lookups domain as');
  await session.waitForVersion(uri, await session.change(uri, edited));
  const unknown = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: cursorIn(edited, 'brandMonitoring_lookup$0s domain as') });
  assert.match(markdown(unknown), /^\*\*`brandMonitoring_lookups`\*\*: lookup 'brandMonitoring_lookups' is not defined in .*lookups \(no \.yml there has name: brandMonitoring_lookups, and no transforms.conf beside it has \[brandMonitoring_lookups\]\)$/);
  const nowhere = await session.request<Location | Location[] | null>('textDocument/definition', { textDocument: { uri }, position: cursorIn(edited, 'brandMonitoring_lookup$0s domain as') });
  assert.equal(nowhere, null);
  await session.change(uri, text);
});

test('completion at a lookup command\'s table name lists the workspace\'s lookups, replacing what is typed', LSP_TEST, async () => {
  const text = readFileSync(join(workspace, BRAND), 'utf8');
  const uri = await session.open(join(workspace, BRAND));
  const position = cursorIn(text, 'brandMonit$0oring_lookup domain as');
  const list = await session.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  assert.deepEqual(
    list?.items.map((item) => [item.label, item.detail]),
    [
      ['brandMonitoring_lookup', 'brand_monitoring.csv'],
      ['linux_tool_discovery_process', 'linux_tool_discovery_process.csv'],
      ['previously_seen_users_console_logins', 'KV store collection previously_seen_users_console_logins'],
    ],
  );
  const edit = list?.items[0].textEdit as TextEdit | undefined;
  assert.deepEqual(edit?.range, { start: rangeOf(text, 'brandMonitoring_lookup', 'brandMonitoring_lookup domain as').start, end: position });
  // Elsewhere in the search (a field of the lookup), no lookup names are offered.
  const field = await session.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: cursorIn(text, 'brandMonitoring_lookup dom$0ain as') });
  assert.equal(field, null);
});
