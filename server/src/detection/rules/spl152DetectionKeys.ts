/**
 * SPL152 detection-keys: the keys of a detection against the model (model.ts): a required key
 * missing or empty, a key the model does not know (with the closest known key as a quick fix, or
 * the layout it belongs to), a value of the wrong type (a string where a list is needed ...).
 */
import type { DocumentRule, DocumentRuleContext } from '../../lint/rule';
import { describeShape, LAYOUT_NAMES, specAt, type Layout } from '../model';
import { detectionFacts, pathText, shapeIssues } from '../ruleSupport';
import type { ShapeIssue } from '../validate';

export const detectionKeys: DocumentRule = {
  meta: {
    id: 'SPL152',
    name: 'detection-keys',
    defaultSeverity: 'error',
    outsideSearches: true,
    fixable: true,
    messages: {
      missing: 'The detection has no `{{key}}:` ({{purpose}}).',
      missingIn: '`{{parent}}` has no `{{key}}:` ({{purpose}}).',
      missingMany: '{{where}} lacks {{keys}}: contentctl requires them.',
      empty: '`{{key}}:` is empty ({{purpose}}).',
      emptyItem: '`{{key}}` holds an empty item.',
      unknown: '`{{key}}` is not a key contentctl knows{{where}}{{suggestion}}: contentctl 5 rejects the file, 4.x drops the value.',
      otherLayout:
        '`{{key}}` belongs to the {{other}} layout, but this detection is written in the {{layout}} layout{{why}}: contentctl reads one or the other.',
      wrongType: '`{{key}}` is {{found}}; contentctl expects {{expected}}.',
    },
    doc: {
      what:
        'The keys of a detection YAML (`detections/**/*.yml`) checked against the model of the document contentctl ' +
        'validates: a required key that is missing or empty (`name`, `id`, `version`, `date`, `author`, `status`, `type`, ' +
        '`description`, `search`, `how_to_implement`, `known_false_positives`, `tags` and the required keys inside `tags`, ' +
        '`tests`, `drilldown_searches`, `rba`), a key the model does not know (a misspelling gets the closest known key ' +
        'and a quick fix that renames it), a key of the other layout (`rba:` in an ESCU 4.x detection, `tags.message` in ' +
        'a contentctl 5 one), and a value of the wrong type (a string where a list is needed, a list where a mapping is). ' +
        'A missing top-level key is reported on the first line, a missing nested key at the key that should hold it. The ' +
        'layout is the contentctl 5 one when the detection has an `rba:` block, ESCU 4.x when its `tags` hold `message`, ' +
        '`observable`, `confidence` or `impact`, else the layout most of the repository\'s detections use.',
      why:
        'contentctl builds its Detection object with pydantic and stops on the first file it cannot validate, with a ' +
        'Python traceback, minutes into CI. Required keys and types come from splunk/contentctl ' +
        '`contentctl/objects/abstract_security_content_objects/security_content_object_abstract.py` (name, id, version, date, ' +
        'author, description, references; `extra="forbid"`), `detection_abstract.py` (type, status, search, ' +
        'how_to_implement, known_false_positives, tags, tests, drilldown_searches, rba), `detection_tags.py`, ' +
        '`observable.py`, `rba.py`, `drilldown.py`, `unit_test.py` and `test_attack_data.py`. In the 4.x layout contentctl ' +
        'silently drops an unknown key inside `tags`: a misspelt `mitre_attack_ids` loses the mapping without a word.',
      example: '```yaml\nname: Windows Net Share\nid: 4dc3951f-b3f8-4f46-b412-76a483f72277\nsearch: index=win | stats count by dest\ntags:\n  mitre_attack_ids:\n  - T1135\n```',
      useInstead:
        '```yaml\nname: Windows Net Share\nid: 4dc3951f-b3f8-4f46-b412-76a483f72277\nversion: 1\ndate: \'2024-10-17\'\n...\ntags:\n  mitre_attack_id:\n  - T1135\n```\n' +
        'with every required key written (`spl-detect new` writes a complete skeleton).',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    if (!facts) return;
    const issues = shapeIssues(context, facts);
    reportMissing(issues.filter((i): i is Extract<ShapeIssue, { kind: 'missing-key' }> => i.kind === 'missing-key'), context.report);
    for (const issue of issues) {
      const key = pathText(issue.path);
      switch (issue.kind) {
        case 'empty': {
          const last = issue.path[issue.path.length - 1];
          if (typeof last === 'number') context.report({ span: issue.span, messageId: 'emptyItem', data: { key: pathText(issue.path.slice(0, -1)) } });
          else context.report({ span: issue.span, messageId: 'empty', data: { key: last, purpose: purposeOf(specDoc(issue.path, facts.layout)) } });
          break;
        }
        case 'unknown-key': {
          const full = pathText([...issue.path, issue.key]);
          if (issue.otherLayout) {
            const why = facts.layout === 'contentctl5' ? ' (it has an `rba:` block)' : ' (its `tags` hold the 4.x risk keys)';
            context.report({ span: issue.span, messageId: 'otherLayout', data: { key: full, other: LAYOUT_NAMES[issue.otherLayout], layout: LAYOUT_NAMES[facts.layout], why }, severity: 'warning' });
            break;
          }
          const where = issue.path.length > 0 ? ` in \`${key}\`` : '';
          const suggestion = issue.suggestion ? ` (did you mean \`${issue.suggestion}\`?)` : '';
          context.report({
            span: issue.span,
            messageId: 'unknown',
            data: { key: issue.key, where, suggestion },
            severity: 'warning',
            ...(issue.suggestion ? { fix: { title: `Rename to \`${issue.suggestion}\``, edits: [{ span: issue.span, newText: issue.suggestion }] } } : {}),
          });
          break;
        }
        case 'wrong-type':
          context.report({ span: issue.span, messageId: 'wrongType', data: { key, found: issue.found, expected: describeShape(issue.expected) } });
          break;
        default:
          break;
      }
    }
  },
};

/** One finding per place: a single missing key with its purpose, several in one list. */
function reportMissing(issues: Extract<ShapeIssue, { kind: 'missing-key' }>[], report: DocumentRuleContext['report']): void {
  const byPlace = new Map<string, typeof issues>();
  for (const issue of issues) {
    const place = `${issue.span.start}:${pathText(issue.path)}`;
    byPlace.set(place, [...(byPlace.get(place) ?? []), issue]);
  }
  for (const group of byPlace.values()) {
    const [first] = group;
    const parent = pathText(first.path);
    if (group.length > 1) {
      const keys = group.map((i) => `\`${i.key}:\``).join(', ');
      report({ span: first.span, messageId: 'missingMany', data: { where: parent ? `\`${parent}\`` : 'The detection', keys } });
    } else if (parent) report({ span: first.span, messageId: 'missingIn', data: { key: first.key, purpose: purposeOf(first.doc), parent } });
    else report({ span: first.span, messageId: 'missing', data: { key: first.key, purpose: purposeOf(first.doc) } });
  }
}

/** The model's one-line doc as a parenthesis: first letter lower-case, no final period. */
function purposeOf(doc: string): string {
  return (doc.charAt(0).toLowerCase() + doc.slice(1)).replace(/\.$/, '');
}

function specDoc(path: readonly (string | number)[], layout: Layout): string {
  return specAt(path, layout)?.doc ?? 'a value is needed';
}
