/**
 * SPL158 risk-fields: the result fields risk-based alerting reads (the message's `$field$` tokens,
 * observables in ESCU 4.x; risk and threat objects in contentctl 5; throttling fields) that the
 * search's final results do not hold, by the field flow behind SPL141. Where that flow cannot know
 * the fields (no stats/table at the end, an unknown command), nothing is said.
 */
import { describeFields, hasField, type FieldSet } from '../../lint/fieldSet';
import type { DocumentRule } from '../../lint/rule';
import type { Span } from '../../text/span';
import { entryOf, scalarString, type YamlValue } from '../../workspace/yamlTree';
import { detectionFacts, dollarTokens, locateInScalar, resultFields } from '../ruleSupport';

interface FieldUse {
  field: string;
  span: Span;
  /** How the field is used, for the message. */
  role: string;
}

export const riskFields: DocumentRule = {
  meta: {
    id: 'SPL158',
    name: 'risk-fields',
    defaultSeverity: 'warning',
    outsideSearches: true,
    fixable: false,
    messages: {
      missing:
        '`{{field}}` ({{role}}) is not a field of the search\'s results: after `{{producer}}` they hold {{fields}}{{caseNote}}. ' +
        '{{consequence}}',
    },
    doc: {
      what:
        'A field that risk-based alerting reads from each result, when the search\'s results do not hold it: a `$field$` ' +
        'token of the risk message and an observable\'s `name` (ESCU 4.x: `tags.message`, `tags.observable`), a risk or ' +
        'threat object\'s `field` (contentctl 5: `rba.message`, `rba.risk_objects`, `rba.threat_objects`), and ' +
        '`tags.throttling.fields`. The fields of the results come from the field flow behind SPL141 (through `tstats`, ' +
        '`stats`, `table`, `fields`, `rename` and `drop_dm_object_name`, `eval`, `lookup ... OUTPUT` ...). When the ' +
        'flow cannot know them (a search that ends without `stats`/`table`/`fields`, or a command whose output is not ' +
        'modelled) nothing is reported. A field that exists in another letter case is named in the message.',
      why:
        'Enterprise Security fills `$field$` from the result and gives the risk score to the value of each risk object ' +
        'field; a field the results do not have leaves the token as written and gives no object the score, so the ' +
        'detection fires without raising anyone\'s risk. contentctl checks the same fields, but only as text of the search ' +
        '(splunk/contentctl `contentctl/objects/abstract_security_content_objects/detection_abstract.py` ' +
        'search_observables_exist_validate: "fields in observables/messages that do not appear in search"; `rba.py` for ' +
        'the contentctl 5 objects): a field the search mentions but drops in its final `stats` passes there and is ' +
        'caught here.',
      example:
        '```yaml\nsearch: \'| tstats count from datamodel=Endpoint.Processes by Processes.dest | `drop_dm_object_name(Processes)`\'\n' +
        'tags:\n  message: Suspicious process on $dest$ by $user$\n  observable:\n  - name: user\n    type: User\n    role:\n    - Victim\n```',
      useInstead:
        '```yaml\nsearch: \'| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.user | `drop_dm_object_name(Processes)`\'\n' +
        'tags:\n  message: Suspicious process on $dest$ by $user$\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    if (!facts) return;
    const fields = resultFields(context.searches);
    if (fields.kind !== 'known') return;
    const uses = facts.layout === 'contentctl5' ? rbaUses(facts.text, facts.tree) : escu4Uses(facts.text, facts.tree);
    uses.push(...throttlingUses(facts.tree));
    const reported = new Set<string>();
    for (const use of uses) {
      if (hasField(fields, use.field) || reported.has(`${use.role}:${use.field}`)) continue;
      reported.add(`${use.role}:${use.field}`);
      context.report({ span: use.span, messageId: 'missing', data: messageData(use, fields) });
    }
  },
};

function messageData(use: FieldUse, fields: Extract<FieldSet, { kind: 'known' }>): Record<string, string> {
  const other = [...fields.names].find((name) => name.toLowerCase() === use.field.toLowerCase());
  const consequence = use.role.includes('message')
    ? 'The message shows the token as written.'
    : use.role.includes('threat')
      ? 'No threat object is recorded.'
      : use.role.includes('throttl')
        ? 'Throttling cannot group the findings.'
        : 'No risk object gets the score.';
  return {
    field: use.field,
    role: use.role,
    producer: fields.producer.command,
    fields: describeFields(fields),
    caseNote: other ? ` (\`${other}\` differs in case: field names are case-sensitive)` : '',
    consequence,
  };
}

function messageUses(fileText: string, message: YamlValue | null | undefined, role: string): FieldUse[] {
  const text = scalarString(message);
  if (message?.kind !== 'scalar' || text === undefined) return [];
  const tokens = dollarTokens(text);
  const spans = locateInScalar(fileText, message.span, tokens.map((t) => t.raw));
  return tokens.map((token, i) => ({ field: token.name, span: spans[i], role }));
}

function itemFields(list: YamlValue | null | undefined, key: string, role: string): FieldUse[] {
  if (list?.kind !== 'sequence') return [];
  return list.items.flatMap((item) => {
    const value = entryOf(item, key)?.value;
    const field = scalarString(value)?.trim();
    return value && field ? [{ field, span: value.span, role }] : [];
  });
}

function escu4Uses(fileText: string, tree: YamlValue): FieldUse[] {
  const tags = entryOf(tree, 'tags')?.value;
  return [...messageUses(fileText, entryOf(tags, 'message')?.value, 'risk message token'), ...itemFields(entryOf(tags, 'observable')?.value, 'name', 'observable')];
}

function rbaUses(fileText: string, tree: YamlValue): FieldUse[] {
  const rba = entryOf(tree, 'rba')?.value;
  return [
    ...messageUses(fileText, entryOf(rba, 'message')?.value, 'risk message token'),
    ...itemFields(entryOf(rba, 'risk_objects')?.value, 'field', 'risk object'),
    ...itemFields(entryOf(rba, 'threat_objects')?.value, 'field', 'threat object'),
  ];
}

function throttlingUses(tree: YamlValue): FieldUse[] {
  const list = entryOf(entryOf(entryOf(tree, 'tags')?.value, 'throttling')?.value, 'fields')?.value;
  if (list?.kind !== 'sequence') return [];
  return list.items.flatMap((item) => {
    const field = scalarString(item)?.trim();
    return field ? [{ field, span: item.span, role: 'throttling field' }] : [];
  });
}
