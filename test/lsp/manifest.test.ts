// The extension manifest and the grammar files it points to: valid JSON, the expected scopes, no
// dangling paths or repository references. (Colouring itself is checked in grammarTokens.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXPAND_MACROS_COMMAND, SAMPLE_LOG_EXTENSIONS, SETTINGS_SECTION } from '../../server/src/lsp/protocol';

const ROOT = resolve(__dirname, '../..');

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}

interface Manifest {
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions?: string[]; configuration?: string }[];
    grammars: GrammarContribution[];
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { type: string; items?: { type: string }; default?: unknown; markdownDescription?: string; description?: string }> };
  };
}

type Rule = { include?: string; patterns?: Rule[]; [key: string]: unknown };
interface Grammar {
  scopeName: string;
  injectionSelector?: string;
  patterns: Rule[];
  repository?: Record<string, Rule>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as T;
const manifest = readJson<Manifest>('package.json');

test('every syntaxes/*.json file is valid JSON', () => {
  const files = readdirSync(join(ROOT, 'syntaxes')).filter((name) => name.endsWith('.json'));
  assert.ok(files.length >= 3, `expected the SPL grammar, its language configuration and the YAML injection, found ${files}`);
  for (const name of files) assert.doesNotThrow(() => readJson(`syntaxes/${name}`), `syntaxes/${name}`);
});

test('every path in contributes exists', () => {
  const paths = [
    ...manifest.contributes.languages.flatMap((language) => (language.configuration ? [language.configuration] : [])),
    ...manifest.contributes.grammars.map((grammar) => grammar.path),
  ];
  for (const path of paths) assert.ok(existsSync(resolve(ROOT, path)), `package.json points to missing ${path}`);
});

test('the SPL grammar is source.spl and belongs to the spl language', () => {
  const contribution = manifest.contributes.grammars.find((grammar) => grammar.language === 'spl');
  assert.ok(contribution, 'no grammar contributed for language spl');
  assert.equal(contribution.scopeName, 'source.spl');
  assert.equal(readJson<Grammar>(contribution.path).scopeName, 'source.spl');
  const language = manifest.contributes.languages.find((entry) => entry.id === 'spl');
  assert.deepEqual(language?.extensions, ['.spl']);
});

test('the injection grammar targets YAML and embeds SPL', () => {
  const contribution = manifest.contributes.grammars.find((grammar) => grammar.injectTo?.includes('source.yaml'));
  assert.ok(contribution, 'no grammar injected into source.yaml');
  const grammar = readJson<Grammar>(contribution.path);
  assert.equal(grammar.scopeName, contribution.scopeName);
  assert.match(grammar.injectionSelector ?? '', /^L:source\.yaml\b/);
  assert.deepEqual(Object.values(contribution.embeddedLanguages ?? {}), ['spl']);
  const embedded = JSON.stringify(grammar);
  assert.ok(embedded.includes('"include":"source.spl"'), 'the injection does not include source.spl');
  for (const scope of Object.keys(contribution.embeddedLanguages ?? {})) {
    assert.ok(embedded.includes(scope), `embedded scope ${scope} is never produced by the injection`);
  }
});

test('every #include of the grammars names a repository entry', () => {
  for (const { path } of manifest.contributes.grammars) {
    const grammar = readJson<Grammar>(path);
    const missing: string[] = [];
    const visit = (rule: Rule): void => {
      if (typeof rule.include === 'string' && rule.include.startsWith('#') && !grammar.repository?.[rule.include.slice(1)]) missing.push(rule.include);
      for (const child of rule.patterns ?? []) visit(child);
    };
    grammar.patterns.forEach(visit);
    Object.values(grammar.repository ?? {}).forEach(visit);
    assert.deepEqual(missing, [], `${path} includes undefined rules`);
  }
});

test('the language configuration declares the SPL comment and brackets', () => {
  const language = manifest.contributes.languages.find((entry) => entry.id === 'spl');
  const configuration = readJson<{ comments: { blockComment: string[] }; brackets: string[][]; autoClosingPairs: { open: string }[] }>(
    language!.configuration!,
  );
  assert.deepEqual(configuration.comments.blockComment, ['```', '```']);
  assert.deepEqual(configuration.brackets, [['(', ')'], ['[', ']']]);
  const opens = configuration.autoClosingPairs.map((pair) => pair.open);
  for (const open of ['"', '`', '(', '[']) assert.ok(opens.includes(open), `no auto-closing ${open}`);
});

test('the extension activates for SPL files and detection workspaces', () => {
  for (const event of [
    'onLanguage:spl',
    'workspaceContains:**/*.spl',
    'workspaceContains:**/detections/**/*.yml',
    'workspaceContains:**/macros/*.yml',
    'workspaceContains:**/macros.conf',
  ]) {
    assert.ok(manifest.activationEvents.includes(event), `missing activation event ${event}`);
  }
});

test('SPL: Expand Macros is contributed to the palette and the editor context menu, and registered by the client', () => {
  const { commands, menus } = manifest.contributes;
  const expand = commands.find((c) => c.title === 'Expand Macros' && c.category === 'SPL');
  assert.ok(expand, 'no "SPL: Expand Macros" command');
  // The language client registers the server's own command ids itself: a contributed command of the
  // same id would collide with it at activation.
  assert.notEqual(expand.command, EXPAND_MACROS_COMMAND);
  for (const menu of ['commandPalette', 'editor/context']) {
    const item = menus[menu]?.find((entry) => entry.command === expand.command);
    assert.ok(item, `${expand.command} is not in ${menu}`);
    assert.match(item.when ?? '', /editorLangId == spl/);
    assert.match(item.when ?? '', /editorLangId == yaml/);
  }
  const contributed = new Set(commands.map((c) => c.command));
  for (const [menu, items] of Object.entries(menus)) {
    for (const item of items) assert.ok(contributed.has(item.command), `${menu} names the uncontributed command ${item.command}`);
  }
  // Command ids the server's CodeLenses name are declared once in protocol.ts, which the client imports.
  const clientFiles = [...readdirSync(join(ROOT, 'client/src')).map((name) => join(ROOT, 'client/src', name)), join(ROOT, 'server/src/lsp/protocol.ts')];
  const clientSource = clientFiles.map((path) => readFileSync(path, 'utf8')).join('\n');
  for (const command of contributed) assert.ok(clientSource.includes(`'${command}'`), `the client never registers ${command}`);
});

test('every setting lives in the section the server reads and is described; macroFolders is a list of paths', () => {
  const properties = manifest.contributes.configuration.properties;
  for (const [key, property] of Object.entries(properties)) {
    assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), `${key} is outside ${SETTINGS_SECTION}`);
    assert.ok((property.markdownDescription ?? property.description ?? '').length > 40, `${key} has no description`);
  }
  const folders = properties[`${SETTINGS_SECTION}.macroFolders`];
  assert.equal(folders?.type, 'array');
  assert.deepEqual(folders.items, { type: 'string' });
  assert.deepEqual(folders.default, []);
  assert.match(folders.markdownDescription ?? '', /relative to the workspace folder/);
});

test('sampleFolders describes the files the pick list offers: the extensions protocol.ts lists, .evtx among them', () => {
  const description = manifest.contributes.configuration.properties[`${SETTINGS_SECTION}.sampleFolders`]?.markdownDescription ?? '';
  const listed = [...description.matchAll(/`\*\.(\w+)`/g)].map((match) => match[1]);
  assert.deepEqual(listed, [...SAMPLE_LOG_EXTENSIONS]);
  assert.ok(SAMPLE_LOG_EXTENSIONS.includes('evtx'));
});
