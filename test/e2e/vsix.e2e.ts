// The .vsix that `npm run package` writes: what a user installs. It must carry the bundles, grammars,
// icon, README, changelog and licence, and nothing of the sources, tests, samples or node_modules.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { packageExtension, ROOT, zipEntries, type ZipEntry } from './support/vsix';

/** Well above today's ~1.5 MB (0.5 MB of code, 1 MB of README screenshots); a jump past it means something unbundled or unwanted got in. */
const MAX_VSIX_BYTES = 2.5 * 1024 * 1024;

let vsix = '';
let entries: ZipEntry[] = [];
const names = () => entries.map((entry) => entry.name);
const entry = (name: string): ZipEntry => {
  const found = entries.find((candidate) => candidate.name === name);
  assert.ok(found, `${name} is not in the .vsix:\n${names().join('\n')}`);
  return found;
};

before(() => {
  vsix = packageExtension();
  entries = zipEntries(vsix);
}, { timeout: 180_000 });

test('the .vsix carries the bundles, grammars, icon, README, changelog, licence and third-party notices', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { icon: string; main: string };
  const required = [
    'extension.vsixmanifest',
    'extension/package.json',
    `extension/${manifest.main.replace(/^\.\//, '')}`,
    'extension/dist/server/server.js',
    `extension/${manifest.icon}`,
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/dist/THIRD_PARTY_NOTICES.md',
    ...readdirSync(join(ROOT, 'syntaxes')).map((name) => `extension/syntaxes/${name}`),
  ];
  for (const name of required) assert.ok(entry(name).size > 0, `${name} is empty`);
});

test('the .vsix carries no sources, tests, samples, source maps or node_modules', () => {
  const unwanted = names().filter((name) =>
    /\.ts$|\.map$|(^|\/)(node_modules|test|samples|src|scripts|bench)\//.test(name) || name.endsWith('.vsix'),
  );
  assert.deepEqual(unwanted, []);
  assert.ok(statSync(vsix).size < MAX_VSIX_BYTES, `${vsix} is ${statSync(vsix).size} bytes`);
});

test('the packaged manifest keeps engines.vscode and points at files that are in the .vsix', () => {
  const manifest = JSON.parse(entry('extension/package.json').read().toString('utf8')) as {
    engines: { vscode: string };
    icon: string;
    contributes: { grammars: { path: string }[]; languages: { configuration?: string }[] };
  };
  assert.equal(manifest.engines.vscode, '^1.91.0');
  const paths = [
    manifest.icon,
    ...manifest.contributes.grammars.map((grammar) => grammar.path),
    ...manifest.contributes.languages.flatMap((language) => (language.configuration ? [language.configuration] : [])),
  ];
  for (const path of paths) entry(`extension/${path.replace(/^\.\//, '')}`);
});

test('the README in the .vsix is the marketplace page, its three screenshots embedded as PNG data', () => {
  const readme = entry('extension/readme.md').read().toString('utf8');
  const source = readFileSync(join(ROOT, 'docs/marketplace.md'), 'utf8');
  const links = [...source.matchAll(/!\[([^\]]*)\]\((docs\/images\/[^)\s]+\.png)\)/g)];
  assert.equal(links.length, 3, 'docs/marketplace.md links three screenshots');
  let expected = source;
  for (const [link, alt, path] of links) {
    const png = readFileSync(join(ROOT, path));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${path} is a PNG`);
    expected = expected.replace(link, `![${alt}](data:image/png;base64,${png.toString('base64')})`);
  }
  assert.equal(readme, expected);
});

test('the bundles require only Node built-ins and, in the client, the vscode API', () => {
  // `vsce package --no-dependencies` ships no node_modules: anything else required would be missing.
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  for (const [name, allowed] of [
    ['extension/dist/client/extension.js', new Set(['vscode'])],
    // undici (the attack data downloads) probes for node:sqlite, a built-in from Node 22, inside a
    // try/catch (lib/util/runtime-features.js): on Node 20 the probe fails quietly.
    ['extension/dist/server/server.js', new Set<string>(['node:sqlite'])],
  ] as const) {
    const code = entry(name).read().toString('utf8');
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
    assert.ok(required.length > 0, `${name}: no require() calls found; is it a CommonJS bundle?`);
    const foreign = [...new Set(required)].filter((specifier) => !builtins.has(specifier) && !allowed.has(specifier));
    assert.deepEqual(foreign, [], `${name} requires modules that are not in the .vsix`);
  }
});
