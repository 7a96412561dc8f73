// Search literals of 32,768 characters and more (they failed as RUN007 "cannot read the log:
// Invalid regular expression ... too large", quoting the whole literal) run: the fast path requires
// a literal's first characters only. No message, label or summary quotes more than an excerpt of
// the input, however long the literal, value, macro name or regex a problem is about.
import { hangGuarded } from '../support/hangGuard';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDetection } from '../../server/src/engine/eval/runDetection';
import { MAX_LITERAL_LENGTH } from '../../server/src/engine/eval/fastPath';
import { EXCERPT_LENGTH, MAX_MESSAGE_LENGTH } from '../../server/src/text/excerpt';
import { Project } from '../../server/src/workspace/project';
import { ROOT } from '../lsp/harness';

const HANG_GUARD = { timeout: 30_000 };
const LONG = 'a'.repeat(100_000);

async function* lines(...events: object[]): AsyncGenerator<string> {
  yield events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

function projectWith(search: string): Project {
  const project = new Project();
  project.upsert('/ws/long.spl', search);
  return project;
}

hangGuarded('a 100,000-character value, term and wildcard term run; the fast path requires their first characters', HANG_GUARD, async () => {
  const cases: [string, number][] = [
    [`search x="${LONG}b" | stats count`, 1],
    [`search ${LONG}b | stats count`, 1],
    [`search ${LONG}* | stats count`, 1],
    [`search x=${LONG}* OR y=${LONG.slice(1)}c | stats count`, 1],
  ];
  for (const [search, count] of cases) {
    const run = await runDetection({ project: projectWith(search), path: '/ws/long.spl', log: lines({ x: `${LONG}b` }, { x: 'short' }) });
    assert.deepEqual(run.problems, [], search.slice(0, 60));
    assert.deepEqual(run.results.map((r) => r.fields.count), [String(count)]);
    assert.equal(run.stats.eventsFiltered, 1, 'the short event is skipped before extraction');
    for (const clause of run.stats.requiredLiterals) for (const literal of clause) assert.ok(literal.length <= MAX_LITERAL_LENGTH);
  }
  const explained = await runDetection({ project: projectWith(`search x="${LONG}b"`), path: '/ws/long.spl', log: lines({ x: `${LONG}b` }), explain: true });
  assert.ok(explained.explain.every((e) => e.label.length <= 60), 'clause labels are excerpts');
});

hangGuarded('problems about long values, macro names and regexes quote an excerpt only', HANG_GUARD, async () => {
  for (const search of [`search x=1 | bin span=${LONG} _time`, `search x=1 | rex mode=sed field=x "${LONG}"`, `search \`${LONG}\``, `search x=1 | ${LONG}`]) {
    const project = projectWith(search);
    const analysis = project.analyze('/ws/long.spl')!;
    const run = await runDetection({ project, path: '/ws/long.spl', log: lines({ x: 1 }) });
    const messages = [...analysis.diagnostics.map((d) => d.message), ...run.problems.map((p) => p.message)];
    assert.ok(messages.length > 0, search.slice(0, 60));
    for (const message of messages) assert.ok(message.length <= MAX_MESSAGE_LENGTH + 60, `${message.length} characters: ${message.slice(0, 80)}`);
  }
  assert.equal(EXCERPT_LENGTH, 40);
});

hangGuarded('spl-detect run with two 450,000-character literals: the run works and its output quotes no more than an excerpt', HANG_GUARD, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'spl-long-'));
  try {
    mkdirSync(join(workspace, 'detections'));
    const literal = 'b'.repeat(450_000);
    const detection = join(workspace, 'detections/long.yml');
    writeFileSync(detection, `name: Long\nid: 5f1c8a52-3c0d-4e4b-9d51-000000000060\nsearch: 'search x=${literal} OR x=${literal}c OR x=short | stats count'\n`);
    writeFileSync(join(workspace, 'events.json'), `${JSON.stringify({ x: literal })}\n{"x":"short"}\n{"x":"other"}\n`);
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/spl-detect.js'), 'run', detection, '--log', join(workspace, 'events.json')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 0, result.stderr.slice(0, 2000));
    assert.match(result.stdout, /count += 2/);
    assert.ok(result.stderr.length < 1_000, `${result.stderr.length} characters on stderr: ${result.stderr.slice(0, 300)}`);
    assert.match(result.stderr, new RegExp(`^1 result\\(s\\); 2 events read, 0 unparsed, 1 skipped by the fast path \\(lines without one of \\(${'b'.repeat(37)}\\.\\.\\., short\\)\\), `));
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
});
