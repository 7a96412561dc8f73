// The lint engine with small test rules: one walk with ancestors and commands, configuration,
// suppression comments, mapping through macros, fixes kept only when exact, failing rules contained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintDocument } from '../../server/src/lint/engine';
import type { DocumentRule, Rule, RuleMeta } from '../../server/src/lint/rule';
import { MacroIndex } from '../../server/src/macros/macroIndex';
import { analyzeDocument } from '../../server/src/workspace/analyze';
import { readSplDocument } from '../../server/src/workspace/documents';
import { lintSearchText, macroFile } from './lintHarness';

function meta(id: string, extra: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    name: `test-${id.toLowerCase()}`,
    defaultSeverity: 'warning',
    fixable: false,
    messages: { found: 'found {{what}}' },
    doc: { what: 'test', why: 'test', example: 'test', useInstead: 'test' },
    ...extra,
  };
}

/** Analyses a .spl text (with macros from YAML texts) and lints it with the given rules only. */
function lintWith(rules: (Rule | DocumentRule)[], search: string, macros: Record<string, string> = {}, config = {}) {
  const index = new MacroIndex();
  for (const [name, definition] of Object.entries(macros)) index.setDocument(readSplDocument(`/ws/macros/${name}.yml`, macroFile(name, definition)));
  const document = readSplDocument('/ws/search.spl', search);
  const analysis = analyzeDocument(document, { macros: index });
  return lintDocument(document, analysis.searches, { rules, config, docsBaseUrl: 'https://docs.example/rules/' });
}

test('one walk: ancestors outermost first, the enclosing command and its index, exit handlers', () => {
  const seen: string[] = [];
  const rule: Rule = {
    meta: meta('SPL990'),
    create: (context) => ({
      string(node) {
        const kinds = context.ancestors().map((a) => a.kind);
        seen.push(`${node.raw} in ${context.command()?.kind}#${context.commandIndex()} via ${kinds.join('>')}`);
      },
      'pipeline:exit'(node) {
        seen.push(`exit pipeline of ${node.stages.length}`);
      },
    }),
  };
  lintWith([rule], 'index=a x="1" | eval y="2"');
  assert.deepEqual(seen, [
    '"1" in search#0 via pipeline>search>searchAnd>searchCompare',
    '"2" in eval#1 via pipeline>eval>evalAssignment',
    'exit pipeline of 2',
  ]);
});

test('findings carry the rule id, severity, message data and a doc link; configuration turns rules off or changes severity', () => {
  const rule: Rule = { meta: meta('SPL991'), create: (c) => ({ word: (n) => c.report({ span: n.span, messageId: 'found', data: { what: n.text } }) }) };
  const [finding] = lintWith([rule], 'index=a');
  assert.equal(finding.code, 'SPL991');
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.docUrl, 'https://docs.example/rules/SPL991.md');
  assert.deepEqual(lintWith([rule], 'index=a', {}, { rules: { SPL991: 'off' } }), []);
  assert.deepEqual(lintWith([rule], 'index=a', {}, { rules: { 'test-spl991': 'off' } }), [], 'by name');
  assert.equal(lintWith([rule], 'index=a', {}, { rules: { SPL991: 'error' } })[0].severity, 'error');
});

test('a configured severity wins over a per-finding severity; options merge over defaults', () => {
  const rule: Rule = {
    meta: meta('SPL992', { options: { limit: 1, label: 'x' } }),
    create: (c) => ({ word: (n) => c.report({ span: n.span, messageId: 'found', severity: 'hint', data: { what: `${c.options.limit}/${c.options.label}` } }) }),
  };
  const [plain] = lintWith([rule], 'index=a');
  assert.equal(plain.severity, 'hint');
  assert.equal(plain.message, 'found 1/x');
  const [configured] = lintWith([rule], 'index=a', {}, { rules: { SPL992: ['information', { limit: 5 }] } });
  assert.equal(configured.severity, 'information');
  assert.equal(configured.message, 'found 5/x');
});

test('a finding inside macro text is reported at the call, related to the macro file, and its fix is dropped', () => {
  const rule: Rule = {
    meta: meta('SPL993', { fixable: true }),
    create: (c) => ({
      string: (n) => c.report({ span: n.span, messageId: 'found', data: { what: n.raw }, fix: { title: 't', edits: [{ span: n.span, newText: '"z"' }] } }),
    }),
  };
  const search = 'index=a `m` b="2"';
  const found = lintWith([rule], search, { m: 'a="1"' });
  assert.equal(found.length, 2);
  const [inMacro, inRoot] = found;
  assert.equal(search.slice(inMacro.span.start, inMacro.span.end), '`m`');
  assert.equal(inMacro.fix, undefined);
  assert.ok(inMacro.related?.[0].file?.endsWith('/ws/macros/m.yml'));
  assert.match(inMacro.message, /in the expanded search/);
  assert.equal(search.slice(inRoot.span.start, inRoot.span.end), '"2"');
  assert.deepEqual(inRoot.fix?.edits, [{ span: inRoot.span, newText: '"z"' }]);
});

test('an insertion at the end of the search maps to the end of the file text', () => {
  const rule: Rule = {
    meta: meta('SPL994', { fixable: true }),
    create: (c) => ({ 'pipeline:exit': (n) => c.report({ span: n.span, messageId: 'found', fix: { title: 't', edits: [{ span: { start: n.span.end, end: n.span.end }, newText: ' | head 1' }] } }) }),
  };
  const [finding] = lintWith([rule], 'index=a `m`', { m: 'b=1' });
  assert.deepEqual(finding.fix?.edits, [{ span: { start: 11, end: 11 }, newText: ' | head 1' }]);
});

test('a rule that throws is stopped for that search and reported; other rules still run', () => {
  const broken: Rule = { meta: meta('SPL995'), create: () => ({ word: () => { throw new Error('boom'); } }) };
  const fine: Rule = { meta: meta('SPL996'), create: (c) => ({ word: (n) => c.report({ span: n.span, messageId: 'found' }) }) };
  const found = lintWith([broken, fine], 'index=a b c');
  assert.deepEqual(found.filter((d) => d.code === 'SPL995').map((d) => d.message), ['Rule SPL995 (test-spl995) failed on this search and was stopped: boom']);
  assert.equal(found.filter((d) => d.code === 'SPL996').length, 3);
});

test('searches with syntax errors or unexpandable macros are not linted', () => {
  const rule: Rule = { meta: meta('SPL997'), create: (c) => ({ word: (n) => c.report({ span: n.span, messageId: 'found' }) }) };
  assert.deepEqual(lintWith([rule], 'index=a | eval x=('), []);
  assert.deepEqual(lintWith([rule], 'index=a `undefined_macro`'), []);
  assert.ok(lintWith([rule], 'index=a').length > 0);
});

test('spl-detect-disable comments: by id, by name, all rules, with a reason, and from inside a macro', () => {
  const search = '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=regsvr32.exe Processes.process IN ("*/i*", "*-i*") by Processes.dest';
  const codes = (text: string, macros?: Record<string, string>) => [...new Set(lintSearchText(text, { macros }).diagnostics.map((d) => d.code))].sort();
  assert.deepEqual(codes(search), ['SPL102', 'SPL103', 'SPL104']);
  assert.deepEqual(codes(search + ' ```spl-detect-disable SPL103```'), ['SPL102', 'SPL104']);
  assert.deepEqual(codes(search + ' ```spl-detect-disable over-broad-substring, SPL104 -- reviewed```'), ['SPL102']);
  assert.deepEqual(codes(search + ' ```spl-detect-disable```'), []);
  assert.deepEqual(codes(search + ' ```spl-detect-disabled SPL103```'), ['SPL102', 'SPL103', 'SPL104'], 'another word is no directive');
  assert.deepEqual(codes(search.replace('by Processes.dest', '`quiet` by Processes.dest'), { quiet: '```spl-detect-disable SPL102```' }), ['SPL103', 'SPL104']);
});

test('document rules report in file offsets and see the parsed searches', () => {
  const rule: DocumentRule = {
    meta: meta('SPL998'),
    checkDocument(context) {
      const [first] = context.searches;
      context.report({ span: first.search.fileSpan, messageId: 'found', data: { what: `${context.searches.length}:${first.parse.ast.stages.length}` } });
    },
  };
  const [finding] = lintWith([rule], 'index=a | head 1');
  assert.equal(finding.message, 'found 1:2');
  assert.deepEqual(finding.span, { start: 0, end: 16 });
  assert.deepEqual(lintWith([rule], 'index=a ```spl-detect-disable SPL998```'), []);
});

test('a rule that reports an error without declaring it (raisesErrors) fails, so a run cannot skip it unawares', () => {
  const undeclared: Rule = { meta: meta('SPL993'), create: (context) => ({ pipeline: (node) => context.report({ span: node.span, messageId: 'found', severity: 'error' }) }) };
  const declared: Rule = { meta: meta('SPL994', { raisesErrors: true }), create: undeclared.create };
  const [failure] = lintWith([undeclared], 'index=main | stats count');
  assert.equal(failure.severity, 'information');
  assert.match(failure.message, /SPL993 .*raisesErrors/);
  assert.ok(lintWith([declared], 'index=main | stats count').every((d) => d.severity === 'error' && d.code === 'SPL994'));
  const errorsOnly = (rules: Rule[], config = {}) => {
    const document = readSplDocument('/ws/search.spl', 'index=main | stats count');
    return lintDocument(document, analyzeDocument(document).searches, { rules, config, errorsOnly: true });
  };
  // errorsOnly runs the rules that may report an error: a declared one, or any one configured as error.
  assert.ok(errorsOnly([declared]).length > 0);
  assert.deepEqual(errorsOnly([{ ...undeclared, meta: meta('SPL993') }]), []);
  assert.ok(errorsOnly([undeclared], { rules: { SPL993: 'error' } }).length > 0);
});
