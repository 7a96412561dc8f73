// The lint settings as package.json contributes them. The description of splDetect.lint.rules lists
// every rule of the registry: it is generated here, and UPDATE_GOLDEN=1 rewrites it in package.json
// (UPDATE_GOLDEN=1 node test/run.mjs test/lsp/lintSettingsManifest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, parseLintConfig } from '../../server/src/lint/config';
import { rules } from '../../server/src/lint/registry';
import type { AnyRule } from '../../server/src/lint/rule';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol';
import { ROOT } from './harness';

const MANIFEST = join(ROOT, 'package.json');
const RULES_KEY = `${SETTINGS_SECTION}.lint.rules`;
const ENABLE_KEY = `${SETTINGS_SECTION}.lint.enable`;

interface Property {
  type?: string;
  default?: unknown;
  scope?: string;
  markdownDescription?: string;
  additionalProperties?: { type?: string; enum?: string[] };
}

function lintRulesDescription(registry: readonly AnyRule[]): string {
  const list = registry.map((rule) => `- \`${rule.meta.id}\` ${rule.meta.name} (${rule.meta.defaultSeverity})`);
  return [
    `Lint rule settings: a rule id or name → \`off\`, \`error\`, \`warning\`, \`information\` or \`hint\`, ` +
      `e.g. \`{ "SPL102": "off", "over-broad-substring": "error" }\`. They go over the workspace's \`${CONFIG_FILE_NAME}\`: ` +
      `where both set a rule, this setting wins. A severity applies to every finding of the rule. ` +
      `\`#${ENABLE_KEY}#\` turns all rules off. Rules (default severity):`,
    '',
    ...list,
  ].join('\n');
}

function readProperties(): Record<string, Property> {
  return JSON.parse(readFileSync(MANIFEST, 'utf8')).contributes.configuration.properties;
}

if (process.env.UPDATE_GOLDEN === '1') {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  manifest.contributes.configuration.properties[RULES_KEY].markdownDescription = lintRulesDescription(rules);
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
}

test(`${RULES_KEY}: its description lists exactly the rules of the registry`, () => {
  const description = readProperties()[RULES_KEY]?.markdownDescription ?? '';
  const listed = [...description.matchAll(/^- `(SPL\d+)` (\S+) \((\w+)\)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  const registered = rules.map((rule) => `${rule.meta.id} ${rule.meta.name} ${rule.meta.defaultSeverity}`);
  assert.deepEqual(listed, registered, `package.json is out of date: UPDATE_GOLDEN=1 node test/run.mjs test/lsp/lintSettingsManifest`);
  assert.equal(description, lintRulesDescription(rules));
});

test(`${RULES_KEY}: an object of levels the lint configuration accepts, empty by default`, () => {
  const property = readProperties()[RULES_KEY];
  assert.equal(property?.type, 'object');
  assert.deepEqual(property.default, {});
  const levels = property.additionalProperties?.enum ?? [];
  assert.deepEqual(levels, ['off', 'error', 'warning', 'information', 'hint']);
  // The schema and the server agree on what a level is.
  for (const level of levels) assert.deepEqual(parseLintConfig({ rules: { SPL101: level } }).problems, [], level);
  assert.equal(parseLintConfig({ rules: { SPL101: 'warn' } }).problems.length, 1);
});

test(`${ENABLE_KEY}: a boolean, true by default, described`, () => {
  const property = readProperties()[ENABLE_KEY];
  assert.equal(property?.type, 'boolean');
  assert.equal(property.default, true);
  assert.match(property.markdownDescription ?? '', /turns every rule off/);
});
