// Hostile detection documents for the detection rules, completion and hover: huge names and values, deep
// nesting, every key of the wrong type, binary and empty files. Each is answered with findings at
// positions inside the file, never a throw, a rule failure or a hang (the guard catches synchronous loops).
import assert from 'node:assert/strict';
import { detectionCompletionsAt, detectionHoverAt } from '../../server/src/detection/queries';
import { DETECTION_MODEL } from '../../server/src/detection/model';
import { rules } from '../../server/src/lint/registry';
import { Project } from '../../server/src/workspace/project';
import { hangGuarded } from '../support/hangGuard';

const HANG_GUARD = { timeout: 20_000 };
const DETECTION_RULES = new Set(rules.filter((r) => /^SPL1(5[2-9]|6\d)$/.test(r.meta.id)).map((r) => r.meta.id));
const PATH = '/repo/detections/endpoint/hostile.yml';

function analyse(text: string) {
  const project = new Project();
  project.upsert('/repo/data_sources/a.yml', 'name: Sysmon EventID 1\nsource: s\nsourcetype: t\n');
  project.upsert('/repo/stories/a.yml', 'name: A Story\n');
  project.upsert('/repo/detections/endpoint/other.yml', `name: ${'n'.repeat(50)}\nid: x\n`);
  project.upsert(PATH, text);
  const analysis = project.analyze(PATH)!;
  for (const d of analysis.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `${d.code} span inside the file`);
    assert.doesNotMatch(d.message, /failed on this search/, `${d.code} did not fail`);
  }
  // Completion and hover at a few places never throw either.
  for (const offset of [0, Math.floor(text.length / 2), text.length]) {
    detectionCompletionsAt(project, PATH, offset);
    detectionHoverAt(project, PATH, offset);
  }
  return analysis.diagnostics.filter((d) => DETECTION_RULES.has(d.code));
}

hangGuarded('a megabyte data source name, story name, message and name line finish with findings, no suggestion work blow-up', HANG_GUARD, () => {
  const big = 'x '.repeat(500_000);
  const text = [`name: ${' '.repeat(200_000)}x`, 'data_source:', `- ${big}`, 'tags:', '  analytic_story:', `  - ${big}`, `  message: ${'$a$'.repeat(100_000)}`, "search: '| stats count by a'", ''].join('\n');
  const codes = new Set(analyse(text).map((d) => d.code));
  for (const code of ['SPL155', 'SPL156']) assert.ok(codes.has(code), `${code} reports the unknown name`);
});

hangGuarded('every key of the model holding the wrong type, a deeply nested value, and odd scalars', HANG_GUARD, () => {
  const wrong = DETECTION_MODEL.map((spec) => `${spec.key}: ${spec.shape.kind === 'list' || spec.shape.kind === 'mapping' ? '12' : '[1, {a: b}]'}`).join('\n');
  const findings = analyse(`${wrong}\n`);
  assert.ok(findings.some((d) => d.code === 'SPL152' && /contentctl expects a list/.test(d.message)));
  const deep = `tags:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')}\n`;
  analyse(deep);
  analyse('name: ~\nid: !!binary aGVsbG8=\nversion: .inf\ndate: 2024-13-45\nreferences: [&a x, *a, *a]\ntags: &t {analytic_story: *t}\n');
  analyse('\u0000\u0001\u0002');
  analyse('');
  analyse('- a\n- b\n');
});
