/**
 * Renders the rule docs (docs/rules/<ID>.md and docs/rules/README.md) from each rule's own meta, so
 * the pages cannot drift from the code: test/lint/docs.test.ts compares them and rewrites them with
 * UPDATE_GOLDEN=1. `spl-detect explain ID` prints the same page.
 */
import { CONFIG_FILE_NAME } from './config';
import type { AnyRule, RuleMeta } from './rule';
import { isDocumentRule } from './rule';

export function ruleDocFileName(id: string): string {
  return `${id}.md`;
}

/** The first sentence of a markdown paragraph, for one-line summaries. */
export function summaryOf(meta: RuleMeta): string {
  const text = meta.doc.what.replace(/\s+/g, ' ').trim();
  const end = text.search(/\.(\s|$)/);
  return end >= 0 ? text.slice(0, end + 1) : text;
}

export function renderRuleDoc(rule: AnyRule): string {
  const { meta } = rule;
  const lines = [
    `# ${meta.id} ${meta.name}`,
    '',
    `Default severity: **${meta.defaultSeverity}** · Quick fix: **${meta.fixable ? 'yes, for certain cases' : 'no'}** · ` +
      `Checks: **${isDocumentRule(rule) ? 'the whole file' : 'each search, after macro expansion'}**`,
    '',
    '## What it reports',
    '',
    meta.doc.what,
    '',
    '## Why',
    '',
    meta.doc.why,
    '',
    '## Example that is reported',
    '',
    meta.doc.example,
    '',
    '## Use instead',
    '',
    meta.doc.useInstead,
    '',
    '## Messages',
    '',
    ...Object.entries(meta.messages).map(([id, text]) => `- \`${id}\`: ${text}`),
    '',
    '## Configuration',
    '',
    `Turn the rule off or change its severity in \`${CONFIG_FILE_NAME}\` at the workspace root:`,
    '',
    '```json',
    `{ "rules": { "${meta.id}": "off" } }`,
    '```',
    '',
    `Silence it for one search with the SPL comment \`\`\` \`\`\`spl-detect-disable ${meta.id}\`\`\` \`\`\`.`,
  ];
  if (meta.options && Object.keys(meta.options).length > 0) {
    lines.push('', 'Options (defaults):', '', '```json', JSON.stringify(meta.options, null, 2), '```');
  }
  return lines.join('\n') + '\n';
}

export function renderRulesIndex(rules: readonly AnyRule[]): string {
  const table = rules.map(
    (rule) =>
      `| [${rule.meta.id}](${ruleDocFileName(rule.meta.id)}) | ${rule.meta.name} | ${rule.meta.defaultSeverity} | ` +
      `${rule.meta.fixable ? 'yes' : 'no'} | ${summaryOf(rule.meta).replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Lint rules',
    '',
    '<!-- Generated from server/src/lint/rules/*.ts and server/src/detection/rules/*.ts by test/lint/docs.test.ts; regenerate with',
    '     UPDATE_GOLDEN=1 node test/run.mjs test/lint/docs. Do not edit by hand. -->',
    '',
    'Rules run on the search as Splunk runs it: after macro expansion. A finding inside macro text is reported at',
    'the macro call, with a related location in the macro definition. Every diagnostic carries the rule id as its',
    'code and a link to the rule page.',
    '',
    '| Rule | Name | Default severity | Quick fix | Reports |',
    '|---|---|---|---|---|',
    ...table,
    '',
    '## Wildcards depend on the command',
    '',
    'In search expressions (the first command, `search`, `tstats`/`from ... where`, search-time `IN`) `*` is a',
    'wildcard and field values compare case-insensitively. In eval expressions (`eval`, `where`, `eval(...)` in',
    '`stats`, `if()`, `in()`) `*` is an ordinary character; wildcard matching there is `like()` with `%` and `_`.',
    '',
    '## Configuration',
    '',
    `\`${CONFIG_FILE_NAME}\` at the workspace root (the folder with \`detections/\` or \`macros/\`):`,
    '',
    '```json',
    '{',
    '  "rules": {',
    '    "SPL102": "off",',
    '    "SPL106": "warning",',
    '    "search-backslash": ["information", {}]',
    '  }',
    '}',
    '```',
    '',
    '- A rule is named by id (`SPL102`) or name (`leading-wildcard`); the id wins when both are given.',
    '- A setting is `off`, a severity (`error`, `warning`, `information`, `hint`) or `[severity, options]`.',
    '- A configured severity applies to every finding of the rule; without one, a rule may report some findings',
    '  lower than its default (SPL102 reports a hint inside `tstats`, for example).',
    '- Unknown rule names and bad values are reported by `spl-detect check` on stderr and otherwise ignored.',
    '- In VS Code, `splDetect.lint.rules` (rule id or name → `off` or a severity) goes over `.spl-detect.json`:',
    '  where both set a rule, the VS Code setting wins. `splDetect.lint.enable: false` turns every rule off.',
    '  Invalid setting values are reported in the SPL Detection Workbench output and ignored.',
    '',
    '## Turning a rule off for one search',
    '',
    'Write an SPL comment anywhere in the search:',
    '',
    '```spl',
    '| tstats count from datamodel=Endpoint.Processes where Processes.process="*-y*" by Processes.dest',
    '```spl-detect-disable SPL103 SPL104 -- the parent check makes this safe```',
    '```',
    '',
    '- List rule ids or names separated by spaces or commas; text after ` -- ` is a free reason.',
    '- ```` ```spl-detect-disable``` ```` with no rule turns every rule off for the search.',
    '- The comment applies to the search it is written in (a detection\'s `search:`, one drilldown, one macro',
    '  definition, one `.spl` file), and a comment inside a macro applies to every search that expands it.',
    '- File-level rules (detection metadata) read the comments of the detection\'s `search:`.',
    '',
    '## Command line',
    '',
    '- `spl-detect check PATH` prints the findings with the other diagnostics (`--format text|json|sarif`).',
    '- `--rule ID` (repeatable) keeps only those rules\' findings; `--severity LEVEL` hides findings below LEVEL.',
    '- `spl-detect explain ID` prints a rule page.',
    '',
    '## Adding a rule',
    '',
    'One file per rule under `server/src/lint/rules/` exporting a `Rule` (search rule, `create(context)` returns node',
    'visitors) or a `DocumentRule` (`checkDocument(context)`), see `server/src/lint/rule.ts` (rules about a whole detection',
    'document, SPL152-SPL162, sit with its model in `server/src/detection/rules/`); add it to the sorted',
    'array in `server/src/lint/registry.ts`; write `test/fixtures/lint/<ID>.yml` with `fires` and `ok` cases; then',
    'regenerate these pages.',
    '',
  ].join('\n');
}
