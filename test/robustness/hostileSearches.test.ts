// Hostile searches end to end (analysis with every lint rule, then a local run, as the CLI and the
// language server do): each finishes, and a search the engine cannot run fails with a clear message
// at the right place. The timeouts are hang guards only, never performance assertions.
import { searchFindings } from '../support/wholeDocumentChecks';
import { hangGuarded } from '../support/hangGuard';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project } from '../../server/src/workspace/project';
import { runDetection, type DetectionRun } from '../../server/src/engine/eval/runDetection';
import { DEFAULT_MAX_CALLS, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH } from '../../server/src/macros/expand';
import { MAX_COMMANDS } from '../../server/src/engine/eval/pipeline';
import { MAX_SEARCH_LENGTH } from '../../server/src/spl/parser';

const HANG_GUARD = { timeout: 20_000 };
const DETECTION = '/ws/detections/endpoint/hostile.yml';

function yamlQuoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A project holding one detection (and the given macro files), lint on with every rule. */
function projectWith(search: string, macros: Record<string, string> = {}): { project: Project; file: string } {
  const project = new Project();
  for (const [name, definition] of Object.entries(macros)) {
    const args = [...definition.matchAll(/\$(\w+)\$/g)].map((m) => m[1]);
    const unique = [...new Set(args)];
    const arguments_ = unique.length ? `arguments:\n${unique.map((a) => `- ${a}`).join('\n')}\n` : '';
    const key = unique.length ? `${name}(${unique.length})` : name;
    project.upsert(`/ws/macros/${key}.yml`, `name: ${name}\ndefinition: ${yamlQuoted(definition)}\n${arguments_}description: hostile\n`);
  }
  const file = `name: Hostile\nid: 5f1c8a52-3c0d-4e4b-9d51-000000000007\nsearch: ${yamlQuoted(search)}\n`;
  project.upsert(DETECTION, file);
  return { project, file };
}

async function* lines(...events: string[]): AsyncGenerator<string> {
  yield events.join('\n') + '\n';
}

function analyzeAndRun(project: Project, log: AsyncIterable<string>): Promise<DetectionRun> {
  const analysis = project.analyze(DETECTION);
  assert.ok(analysis, 'the detection was analysed');
  return runDetection({ project, path: DETECTION, log });
}

hangGuarded('catastrophic regexes in rex, regex, match() and replace() finish on a 100 KB value (RE2, linear time)', HANG_GUARD, async () => {
  const evil = 'a'.repeat(100_000) + '!';
  const search =
    'search * | rex field=x "(?<y>(a+)+$)" | regex x="^(a|aa)+$" | where match(x, "^(a*)*b") OR isnull(x) | eval z=replace(x, "(a|a)+b", "c") | stats count';
  const { project } = projectWith(search);
  const run = await analyzeAndRun(project, lines(JSON.stringify({ x: evil }), JSON.stringify({ x: 'aaaa' })));
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  // `regex x="^(a|aa)+$"` keeps only the 'aaaa' event; match() needs a 'b' it does not have.
  assert.deepEqual(run.results.map((r) => r.fields.count), ['0']);
  assert.equal(run.stats.eventsRead, 2);
});

hangGuarded('a regex RE2 cannot run fails the run naming the construct, at the pattern in the file', HANG_GUARD, async () => {
  const search = 'search * | rex field=x "(?<y>(a)\\1+)"';
  const { project, file } = projectWith(search);
  const run = await analyzeAndRun(project, lines('{"x":"aa"}'));
  assert.equal(run.ok, false);
  const problem = run.problems.find((p) => p.code === 'RUN003');
  assert.ok(problem, JSON.stringify(run.problems));
  assert.match(problem.message, /backreference/);
  assert.ok(file.slice(problem.span.start, problem.span.end).includes('(?<y>'), file.slice(problem.span.start, problem.span.end));
});

hangGuarded('a macro cycle is reported at its call in the detection and the run stops with that message', HANG_GUARD, async () => {
  const search = 'search `cycle_a` | stats count';
  const { project, file } = projectWith(search, { cycle_a: 'x=1 `cycle_b`', cycle_b: 'y=2 `cycle_a`', self_args: '`self_args($v$)` $v$' });
  const run = await analyzeAndRun(project, lines('{"x":1}'));
  assert.equal(run.ok, false);
  const cycle = run.problems.find((p) => p.code === 'MAC003');
  assert.ok(cycle, JSON.stringify(run.problems));
  assert.match(cycle.message, /Macro cycle: `cycle_a` -> `cycle_b`/);
  assert.equal(file.slice(cycle.span.start, cycle.span.end), '`cycle_a`');

  const selfCall = projectWith('search `self_args(1)`', { self_args: '`self_args($v$)` $v$' });
  const selfRun = await analyzeAndRun(selfCall.project, lines('{"x":1}'));
  assert.ok(selfRun.problems.some((p) => p.code === 'MAC003'), JSON.stringify(selfRun.problems));
});

hangGuarded(`macro nesting deeper than ${DEFAULT_MAX_DEPTH}, expansion past ${DEFAULT_MAX_CALLS} calls or ${DEFAULT_MAX_LENGTH} characters stop with their bound in the message`, HANG_GUARD, async () => {
  const chain: Record<string, string> = {};
  for (let i = 0; i < DEFAULT_MAX_DEPTH + 10; i++) chain[`deep_${i}`] = `\`deep_${i + 1}\``;
  chain[`deep_${DEFAULT_MAX_DEPTH + 10}`] = 'x=1';
  const deep = projectWith('search `deep_0`', chain);
  const deepRun = await analyzeAndRun(deep.project, lines('{"x":1}'));
  const depth = deepRun.problems.find((p) => p.code === 'MAC004');
  assert.ok(depth, JSON.stringify(deepRun.problems));
  assert.match(depth.message, new RegExp(`deeper than ${DEFAULT_MAX_DEPTH} levels`));

  // Each level doubles: 2^30 copies of the leaf, refused before any is made (2^31 calls).
  const doubling: Record<string, string> = {};
  for (let i = 0; i < 30; i++) doubling[`grow_${i}`] = `\`grow_${i + 1}\` OR \`grow_${i + 1}\``;
  doubling.grow_30 = 'x=1';
  const grow = projectWith('search `grow_0`', doubling);
  const growRun = await analyzeAndRun(grow.project, lines('{"x":1}'));
  const size = growRun.problems.find((p) => p.code === 'MAC011');
  assert.ok(size, JSON.stringify(growRun.problems.map((p) => p.code)));
  assert.equal(size.message, `Macro expansion of \`grow_0\` would take more than ${DEFAULT_MAX_CALLS} macro calls; expansion stopped`);
  // A few long definitions pass the bound on characters first.
  const long: Record<string, string> = { long_0: '`long_1` `long_1`', long_1: `x=${'a'.repeat(DEFAULT_MAX_LENGTH / 2)}` };
  const longRun = await analyzeAndRun(projectWith('search `long_0`', long).project, lines('{"x":1}'));
  assert.deepEqual(
    longRun.problems.map((p) => p.message),
    [`Macro expansion of \`long_0\` would take more than ${DEFAULT_MAX_LENGTH} characters of substituted definitions; expansion stopped`],
  );
});

hangGuarded('10,000 IN values: search, where and eval lists analyse with every lint rule and run', HANG_GUARD, async () => {
  const values = Array.from({ length: 10_000 }, (_, i) => `v${i}`);
  const quoted = values.map((v) => `"${v}"`).join(', ');
  const search = `search x IN (${values.join(', ')}, v9999) | where x IN (${quoted}) | eval hit=if(in(x, ${quoted}), "yes", "no") | stats count by x hit`;
  const { project } = projectWith(search);
  const analysis = project.analyze(DETECTION)!;
  const duplicate = analysis.diagnostics.filter((d) => d.code === 'SPL105');
  assert.equal(duplicate.length, 1, 'the one repeated value is reported once');
  const run = await runDetection({ project, path: DETECTION, log: lines('{"x":"v9999"}', '{"x":"v10000"}', '{"x":"V17"}') });
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  // Search compares case-insensitively (V17 matches v17), where compares exactly.
  assert.deepEqual(run.results.map((r) => r.fields), [{ x: 'v9999', hit: 'yes', count: '1' }]);
});

hangGuarded(`a search of ${MAX_SEARCH_LENGTH} characters (OR terms) analyses with every lint rule and runs; one character more is refused (SPL016)`, HANG_GUARD, async () => {
  const terms: string[] = [];
  const tail = ' | stats count by x';
  for (let i = 0, length = 'search '.length + tail.length; length + ` OR x=v${i}`.length <= MAX_SEARCH_LENGTH; i++) {
    terms.push(`x=v${i}`);
    length += (i === 0 ? 0 : ' OR '.length) + terms[i].length;
  }
  const padding = MAX_SEARCH_LENGTH - `search ${terms.join(' OR ')}${tail}`.length;
  const search = `search ${terms.join(' OR ')}${' '.repeat(padding)}${tail}`;
  assert.equal(search.length, MAX_SEARCH_LENGTH);
  const { project } = projectWith(search);
  const last = terms[terms.length - 1].slice(2);
  const run = await analyzeAndRun(project, lines(`{"x":"${last}"}`, '{"x":"w1"}'));
  assert.equal(run.ok, true, JSON.stringify(run.problems));
  assert.deepEqual(run.results.map((r) => r.fields), [{ x: last, count: '1' }]);

  const tooLong = projectWith(search + ' ');
  const analysis = tooLong.project.analyze(DETECTION)!;
  const refusal = searchFindings(analysis.diagnostics);
  assert.deepEqual(refusal.map((d) => d.code), ['SPL016']);
  assert.equal(refusal[0].message, `The search is ${MAX_SEARCH_LENGTH + 1} characters long, past the bound of ${MAX_SEARCH_LENGTH}; it is not checked or run`);
  assert.ok(tooLong.file.startsWith('search x=v0', refusal[0].span.start), 'at the search, after its opening quote');
  const refused = await runDetection({ project: tooLong.project, path: DETECTION, log: lines('{"x":"v1"}') });
  assert.deepEqual([refused.ok, refused.problems.map((p) => p.code)], [false, ['SPL016']]);
});

hangGuarded('60,000 literals in one OR chain or one AND chain give a bounded fast-path filter, and the runs finish', HANG_GUARD, async () => {
  const alternatives = Array.from({ length: 60_000 }, (_, i) => `x=val${i}z`).join(' OR ');
  const either = await runDetection({ project: projectWith(`search ${alternatives}`).project, path: DETECTION, log: lines('{"x":"val59999z"}', '{"x":"w1"}') });
  assert.equal(either.ok, true, JSON.stringify(either.problems));
  // 60,000 alternatives are past the bound of 32: no filter, every line is evaluated.
  assert.deepEqual(either.stats.requiredLiterals, []);
  assert.deepEqual(either.results.map((r) => r.events), [[1]]);
  const required = Array.from({ length: 60_000 }, (_, i) => `term${i}z`).join(' ');
  const all = await runDetection({ project: projectWith(`search ${required}`).project, path: DETECTION, log: lines('{"x":"term1z"}') });
  assert.equal(all.ok, true, JSON.stringify(all.problems));
  assert.equal(all.stats.requiredLiterals.length, 8, 'at most 8 clauses');
  assert.equal(all.stats.eventsFiltered, 1);
  assert.deepEqual(all.results, []);
});

hangGuarded('brackets nested 5,000 deep stop at the parser bound (100) with a message, and the run refuses the search', HANG_GUARD, async () => {
  const { project } = projectWith(`search ${'('.repeat(5000)}x=1${')'.repeat(5000)}`);
  const analysis = project.analyze(DETECTION)!;
  const nesting = analysis.diagnostics.find((d) => d.code === 'SPL010');
  assert.ok(nesting, JSON.stringify(analysis.diagnostics.map((d) => d.code)));
  assert.match(nesting.message, /nested more than 100 levels/);
  const run = await runDetection({ project, path: DETECTION, log: lines('{"x":1}') });
  assert.equal(run.ok, false);
  assert.ok(run.problems.some((p) => p.code === 'SPL010'));
});

hangGuarded(`a search of 3,000 commands fails with the engine's bound (${MAX_COMMANDS} commands) at the first command past it`, HANG_GUARD, async () => {
  const { project, file } = projectWith(`search *${' | eval a=1'.repeat(3000)}`);
  const run = await analyzeAndRun(project, lines('{"x":1}'));
  assert.equal(run.ok, false);
  const limit = run.problems.find((p) => p.code === 'RUN006');
  assert.ok(limit, JSON.stringify(run.problems.map((p) => p.message)));
  assert.equal(limit.message, `the search has 3001 commands; a local run takes at most ${MAX_COMMANDS}`);
  // `search *` and 999 evals are the first 1,000 commands: the problem is at the next eval.
  assert.ok(file.startsWith('eval a=1', limit.span.start), file.slice(limit.span.start, limit.span.start + 20));
  assert.equal(file.slice(0, limit.span.start).split('| eval').length - 1, MAX_COMMANDS - 1);
});

/** A log file of JSON events (a subsearch reads the log again, so it cannot be a stream). */
function logFile(t: { after(fn: () => void): void }, events: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'spl-hostile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'events.json');
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return path;
}

hangGuarded('subsearch filters nested 60 deep each read the log again and finish; an allow-list of 10,000 rows filters 10,000 events', HANG_GUARD, async (t) => {
  const small = logFile(t, Array.from({ length: 1_000 }, (_, i) => ({ kind: i % 2 ? 'a' : 'b' })));
  let nested = 'search kind=a | fields kind';
  for (let depth = 0; depth < 60; depth++) nested = `search kind=a [${nested}] | fields kind`;
  const deep = await runDetection({ project: projectWith(`search [${nested}] | stats count`).project, path: DETECTION, log: small });
  assert.equal(deep.ok, true, JSON.stringify(deep.problems));
  assert.deepEqual(deep.results.map((r) => r.fields.count), ['500']);
  // Every even id is allowed: the odd ones stay.
  const large = logFile(t, Array.from({ length: 10_000 }, (_, i) => ({ kind: i % 2 ? 'a' : 'b', id: `id${i}` })));
  const allowed = await runDetection({ project: projectWith('search NOT [search kind=b | fields id] | stats count').project, path: DETECTION, log: large });
  assert.equal(allowed.ok, true, JSON.stringify(allowed.problems));
  assert.deepEqual(allowed.results.map((r) => r.fields.count), ['5000']);
});
