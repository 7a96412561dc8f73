// Layering rules: the core (server/src outside lsp/) stays free of editor and protocol libraries so
// the CLI and the engine can use it; only the client talks to the VS Code API; files stay small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..');
const MAX_LINES = 500;

/**
 * Files allowed over MAX_LINES, each with the reason. Add an entry only with a reason that says why
 * splitting would make the code worse; the test fails for an entry without one.
 */
const LONG_FILE_ALLOWANCES: Record<string, string> = {};

const PROTOCOL_LIBRARIES = /^(vscode-languageserver|vscode-languageclient|vscode-jsonrpc)([-/].*)?$/;
const EDITOR_API = /^vscode$/;

function typescriptFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...typescriptFiles(path));
    else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** Module specifiers of static imports, re-exports, import() and require() calls. */
export function importSpecifiers(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  const specifiers = new Set<string>();
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.add(match[1]);
  return [...specifiers];
}

function violations(files: string[], forbidden: RegExp): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (forbidden.test(specifier)) found.push(`${relative(ROOT, file)} imports '${specifier}'`);
    }
  }
  return found;
}

const serverFiles = typescriptFiles(join(ROOT, 'server/src'));
const lspDir = join(ROOT, 'server/src/lsp') + sep;
const coreFiles = serverFiles.filter((file) => !file.startsWith(lspDir));
const lspFiles = serverFiles.filter((file) => file.startsWith(lspDir));

test('the import scanner sees every form of import', () => {
  const source = [
    "import { a } from 'vscode-languageserver/node';",
    'import type {\n  B,\n} from "vscode-jsonrpc";',
    "export * from 'vscode-languageclient';",
    "import 'vscode';",
    "const c = require('vscode-languageserver-textdocument');",
    "const d = await import('./local');",
  ].join('\n');
  assert.deepEqual(importSpecifiers(source).sort(), [
    './local',
    'vscode',
    'vscode-jsonrpc',
    'vscode-languageclient',
    'vscode-languageserver-textdocument',
    'vscode-languageserver/node',
  ]);
});

test('the core imports neither the VS Code API nor the LSP libraries', () => {
  assert.ok(coreFiles.length > 0, 'no core files found under server/src');
  assert.deepEqual(violations(coreFiles, PROTOCOL_LIBRARIES), []);
  assert.deepEqual(violations(coreFiles, EDITOR_API), []);
});

test('the language server never imports the VS Code API or the client library', () => {
  assert.deepEqual(violations(lspFiles, EDITOR_API), []);
  assert.deepEqual(violations(lspFiles, /^vscode-languageclient([-/].*)?$/), []);
});

test('only the client imports the VS Code API', () => {
  // Tests that run inside the extension host (test/e2e/) drive the editor and need its API; this
  // file names the forbidden specifiers in its own sample source.
  const exempt = [join(ROOT, 'test/e2e') + sep, join(ROOT, 'test/fixtures') + sep];
  const nonClient = [...serverFiles, ...typescriptFiles(join(ROOT, 'test'))].filter(
    (file) => file !== __filename && !exempt.some((dir) => file.startsWith(dir)),
  );
  assert.deepEqual(violations(nonClient, EDITOR_API), []);
});

test(`server files stay under ${MAX_LINES} lines`, () => {
  const tooLong: string[] = [];
  for (const file of serverFiles) {
    const name = relative(ROOT, file).split(sep).join('/');
    const lines = readFileSync(file, 'utf8').split('\n').length;
    if (lines > MAX_LINES && !LONG_FILE_ALLOWANCES[name]?.trim()) tooLong.push(`${name}: ${lines} lines`);
  }
  assert.deepEqual(tooLong, []);
});

/**
 * The lower layers of the core and what each may import besides itself: dependencies point down, so
 * the CIM catalogue, the macro index and the parser can be read by every layer above them.
 */
const LOWER_LAYERS: Record<string, string[]> = {
  text: [],
  spl: ['text'],
  cim: ['text'],
  macros: ['text', 'spl'],
  // Fetching and caching files knows nothing of detections, searches or the workspace.
  attackData: ['text'],
};

test('the lower layers import only what lies below them', () => {
  const srcDir = join(ROOT, 'server/src');
  const found: string[] = [];
  for (const [layer, allowed] of Object.entries(LOWER_LAYERS)) {
    for (const file of serverFiles.filter((f) => f.startsWith(join(srcDir, layer) + sep))) {
      for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = relative(srcDir, resolve(file, '..', specifier)).split(sep);
        if (target[0] === '..' || target.length === 1) continue; // server/data/*.json, or a file at the top of src
        if (target[0] !== layer && !allowed.includes(target[0])) found.push(`${relative(ROOT, file)} (${layer}) imports ${target.join('/')}`);
      }
    }
  }
  assert.deepEqual(found, []);
});
