// Tokenises real SPL and real detection YAML with VS Code's TextMate engine and checks the scopes the
// grammars give. Needs the dev packages vscode-textmate, vscode-oniguruma and tm-grammars (for
// VS Code's YAML grammar, the host of the injection); without them the tests are skipped, saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

interface Token {
  text: string;
  scopes: string[];
}
interface TextMateGrammar {
  tokenizeLine(line: string, state: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown };
}

/** The folder of an installed package, found through a file its `exports` let us resolve. */
function resolvePackage(name: string, file: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/${file}`, { paths: [ROOT] }));
  } catch {
    return undefined;
  }
}

const packages = {
  textmate: resolvePackage('vscode-textmate', 'package.json'),
  oniguruma: resolvePackage('vscode-oniguruma', 'package.json'),
  grammars: resolvePackage('tm-grammars', 'grammars/yaml.json')?.replace(/[\\/]grammars$/, ''),
};
const missing = Object.entries(packages).filter(([, dir]) => !dir).map(([name]) => name);
const skip = missing.length > 0 ? `TextMate engine packages not installed (${missing.join(', ')})` : false;

async function loadGrammar(scopeName: string): Promise<TextMateGrammar> {
  const textmate = require(packages.textmate!);
  const oniguruma = require(packages.oniguruma!);
  const wasm = readFileSync(join(packages.oniguruma!, 'release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = {
    'source.spl': join(ROOT, 'syntaxes/spl.tmLanguage.json'),
    'source.yaml.spl-injection': join(ROOT, 'syntaxes/spl-yaml.injection.tmLanguage.json'),
    'source.yaml': join(packages.grammars!, 'grammars/yaml.json'),
  };
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope: string) => (files[scope] ? textmate.parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope: string) => (scope === 'source.yaml' ? ['source.yaml.spl-injection'] : []),
  });
  return registry.loadGrammar(scopeName);
}

async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await loadGrammar(scopeName);
  const textmate = require(packages.textmate!);
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

/** The innermost scope of the first token whose text is `text` (optionally the nth such token). */
function scopeOf(line: Token[], text: string, nth = 0): string {
  const matches = line.filter((token) => token.text === text);
  assert.ok(matches[nth], `no token ${JSON.stringify(text)} in ${JSON.stringify(line.map((t) => t.text))}`);
  return matches[nth].scopes[matches[nth].scopes.length - 1];
}

test('SPL: commands, macros, keywords, functions, fields, strings, comments, tokens, subsearches', { skip }, async () => {
  const [line] = await tokenize(
    'source.spl',
    '| tstats `summariesonly` count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process IN ("*/y*") by Processes.dest ```note``` | search [| inputlookup x.csv] user=$user$ AND NOT dest=10',
  );
  assert.equal(scopeOf(line, 'tstats'), 'entity.name.function.command.spl');
  assert.equal(scopeOf(line, 'summariesonly'), 'entity.name.function.macro.spl');
  assert.equal(scopeOf(line, 'min'), 'support.function.spl');
  assert.equal(scopeOf(line, 'as'), 'keyword.other.clause.spl');
  assert.equal(scopeOf(line, 'by'), 'keyword.other.clause.spl');
  assert.equal(scopeOf(line, 'IN'), 'keyword.other.logical.spl');
  assert.equal(scopeOf(line, 'NOT'), 'keyword.other.logical.spl');
  assert.equal(scopeOf(line, 'datamodel'), 'variable.other.field.spl');
  assert.equal(scopeOf(line, '*/y*'), 'string.quoted.double.spl');
  assert.equal(scopeOf(line, 'note'), 'comment.block.spl');
  assert.equal(scopeOf(line, 'inputlookup'), 'entity.name.function.command.spl');
  assert.ok(line.find((token) => token.text === 'x.csv ' || token.text === ' x.csv')?.scopes.includes('meta.subsearch.spl'));
  assert.equal(scopeOf(line, '$user$'), 'variable.other.token.spl');
  assert.equal(scopeOf(line, '10'), 'constant.numeric.spl');
});

test("YAML: the single-quoted search of a corpus detection is SPL, and '' is an escape", { skip }, async () => {
  const path = join(ROOT, 'test/fixtures/lsp/workspace/detections/endpoint/windows_msiexec_dllregisterserver.yml');
  const lines = await tokenize('source.yaml', readFileSync(path, 'utf8'));
  const searchLine = lines.find((line) => line[0]?.text === 'search')!;
  assert.equal(scopeOf(searchLine, 'tstats'), 'entity.name.function.command.spl');
  assert.ok(scopeOf(searchLine, 'process_msiexec').endsWith('macro.spl'));
  assert.ok(searchLine.find((token) => token.text === 'tstats')!.scopes.includes('meta.embedded.spl'));
  const description = lines.find((line) => line[0]?.text.startsWith('d') && line.some((t) => t.text === ':'))!;
  assert.ok(description.every((token) => !token.scopes.includes('meta.embedded.spl')), 'description must stay plain YAML');

  const [quoted] = await tokenize('source.yaml', "search: 'a=''x'' | stats count'");
  assert.equal(scopeOf(quoted, "''"), 'constant.character.escape.yaml');
  assert.equal(scopeOf(quoted, 'stats'), 'entity.name.function.command.spl');
  assert.equal(quoted[quoted.length - 1].scopes.at(-1), 'punctuation.definition.string.end.yaml');
});

test('YAML: a block-scalar search is SPL up to the next key', { skip }, async () => {
  const path = join(ROOT, 'test/fixtures/lsp/workspace/detections/application/windows_ad_suspicious_gpo_modification.yml');
  const lines = await tokenize('source.yaml', readFileSync(path, 'utf8'));
  const header = lines.findIndex((line) => line[0]?.text === 'search');
  const end = lines.findIndex((line) => line[0]?.text.startsWith('h') && line.some((token) => token.text === 'ow_to_implement'));
  assert.equal(end - header - 1, 22, 'the fixture search has 22 lines');
  const body = lines.slice(header + 1, end);
  assert.ok(body.every((line) => line.every((token) => token.scopes.includes('meta.embedded.spl'))), 'every line of the block is SPL');
  assert.equal(scopeOf(body[1], 'rex'), 'entity.name.function.command.spl');
  assert.equal(scopeOf(body[5], 'appendpipe'), 'entity.name.function.command.spl');
  const next = lines[end];
  assert.ok(next.every((token) => !token.scopes.includes('meta.embedded.spl')), 'how_to_implement is YAML again');
});

test('YAML: a drilldown search in a list item and a plain macro definition are SPL', { skip }, async () => {
  const [drilldown, , definition] = await tokenize(
    'source.yaml',
    "  search: '%original_detection_search% | search user = $user$'\n  earliest_offset: x\ndefinition: (a=1 OR b=2) # why",
  );
  assert.equal(scopeOf(drilldown, '%original_detection_search%'), 'variable.other.token.spl');
  assert.equal(scopeOf(drilldown, 'search', 1), 'entity.name.function.command.spl');
  assert.equal(scopeOf(definition, 'OR'), 'keyword.other.logical.spl');
  assert.ok(definition.at(-1)!.scopes.some((scope) => scope.startsWith('comment.line')), 'the trailing # comment stays YAML');
});
