// JUnit XML for `spl-detect test --junit FILE`: what CI systems (GitHub Actions' test reporters,
// GitLab, Jenkins) display. One <testsuite> per detection file, one <testcase> per tests[] entry.

export interface JUnitCase {
  /** The detection file, as printed (the suite). */
  suite: string;
  name: string;
  status: 'pass' | 'fail' | 'skipped';
  detail: string;
  seconds: number;
}

export function junitXml(cases: readonly JUnitCase[]): string {
  const suites = new Map<string, JUnitCase[]>();
  for (const c of cases) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c]);
  const count = (list: readonly JUnitCase[], status: JUnitCase['status']) => list.filter((c) => c.status === status).length;
  const time = (list: readonly JUnitCase[]) => list.reduce((sum, c) => sum + c.seconds, 0).toFixed(3);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="spl-detect test" tests="${cases.length}" failures="${count(cases, 'fail')}" skipped="${count(cases, 'skipped')}" time="${time(cases)}">`];
  for (const [suite, list] of suites) {
    lines.push(`  <testsuite name="${attr(suite)}" tests="${list.length}" failures="${count(list, 'fail')}" skipped="${count(list, 'skipped')}" time="${time(list)}">`);
    for (const c of list) {
      const open = `    <testcase classname="${attr(suite)}" name="${attr(c.name)}" time="${c.seconds.toFixed(3)}"`;
      if (c.status === 'pass') lines.push(`${open}>`, `      <system-out>${text(c.detail)}</system-out>`, '    </testcase>');
      else if (c.status === 'skipped') lines.push(`${open}>`, `      <skipped message="${attr(c.detail)}"/>`, '    </testcase>');
      else lines.push(`${open}>`, `      <failure message="${attr(c.detail)}">${text(c.detail)}</failure>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** XML 1.0 cannot hold most control characters even escaped: they become U+FFFD. */
function text(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
