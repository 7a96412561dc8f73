// JUnit XML of `spl-detect test --junit`: one suite per detection file, counts per suite and in all,
// and details from logs or detections (quotes, markup, control characters, lone surrogates) kept valid XML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { junitXml } from '../../server/src/cli/junit';

test('suites per detection file with their counts; a failure carries its detail as message and text', () => {
  const xml = junitXml([
    { suite: 'detections/a.yml', name: 'True Positive Test', status: 'pass', detail: '3 results on x.log', seconds: 0.25 },
    { suite: 'detections/a.yml', name: 'Second', status: 'fail', detail: 'no results on x.log: `a<b & "c"` matched none', seconds: 0.5 },
    { suite: 'detections/b.yml', name: 'T', status: 'skipped', detail: 'no local sample for y.log', seconds: 0 },
  ]);
  assert.equal(
    xml,
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="spl-detect test" tests="3" failures="1" skipped="1" time="0.750">',
      '  <testsuite name="detections/a.yml" tests="2" failures="1" skipped="0" time="0.750">',
      '    <testcase classname="detections/a.yml" name="True Positive Test" time="0.250">',
      '      <system-out>3 results on x.log</system-out>',
      '    </testcase>',
      '    <testcase classname="detections/a.yml" name="Second" time="0.500">',
      '      <failure message="no results on x.log: `a&lt;b &amp; &quot;c&quot;` matched none">no results on x.log: `a&lt;b &amp; "c"` matched none</failure>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="detections/b.yml" tests="1" failures="0" skipped="1" time="0.000">',
      '    <testcase classname="detections/b.yml" name="T" time="0.000">',
      '      <skipped message="no local sample for y.log"/>',
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'),
  );
});

test('characters XML cannot hold become U+FFFD; line breaks in attributes are escaped', () => {
  const xml = junitXml([{ suite: 's', name: 'n\u0001', status: 'fail', detail: 'line 1\nline 2 \u001b[31m \ud800 end', seconds: 0 }]);
  assert.match(xml, /name="n\ufffd"/);
  assert.match(xml, /message="line 1&#10;line 2 \ufffd\[31m \ufffd end"/);
  assert.match(xml, />line 1\nline 2 \ufffd\[31m \ufffd end<\/failure>/);
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
});
