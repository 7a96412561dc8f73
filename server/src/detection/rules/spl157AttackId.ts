/**
 * SPL157 attack-id: `tags.mitre_attack_id` entries: the id format, a technique listed with one of
 * its own sub-techniques, an id listed twice, and (with an ATT&CK bundle configured) ids the bundle
 * does not know or has retired.
 */
import type { DocumentRule } from '../../lint/rule';
import { entryOf, type YamlScalar } from '../../workspace/yamlTree';
import { ATTACK_ID } from '../enums';
import { detectionFacts } from '../ruleSupport';
import { isPlaceholder } from '../validate';

export const attackId: DocumentRule = {
  meta: {
    id: 'SPL157',
    name: 'attack-id',
    defaultSeverity: 'error',
    outsideSearches: true,
    fixable: false,
    messages: {
      format: '`{{id}}` is not an ATT&CK technique id: contentctl accepts `T1234` or `T1234.001`.',
      parent:
        '`{{id}}` is listed with its sub-technique `{{sub}}`: contentctl 5 rejects the pair ("remove the technique and keep ' +
        'the sub-technique"); the sub-technique already implies it.',
      duplicate: '`{{id}}` is listed twice.',
      unknown: '`{{id}}` is not a technique of the ATT&CK bundle {{source}}{{suggestion}}.',
      retired: '`{{id}}` ({{name}}) is revoked or deprecated in the ATT&CK bundle {{source}}.',
    },
    doc: {
      what:
        'Entries of `tags.mitre_attack_id`: an id that is not `T` and four digits with an optional `.` and three digits; ' +
        'a technique listed together with one of its own sub-techniques (`T1546` with `T1546.004`: a hint in an ESCU 4.x ' +
        'detection, whose contentctl accepts it, an error in a contentctl 5 one); an id listed twice. With an ATT&CK STIX ' +
        'bundle (MITRE\'s `enterprise-attack.json`) named by the setting `splDetect.attackBundle` or `spl-detect check ' +
        '--attack FILE`: an id the bundle does not hold, and one it marks revoked or deprecated. No bundle is shipped: ' +
        'without one only the format is checked.',
      why:
        'The format is contentctl\'s MITRE_ATTACK_ID_TYPE (splunk/contentctl `contentctl/objects/annotated_types.py`). ' +
        'contentctl enriches every id from ATT&CK (`mitre_attack_enrichment.py`, `detection_tags.py` addAttackEnrichment) ' +
        'and stops with "Missing Mitre Attack IDs" when one is unknown; contentctl 5 also rejects a technique together with ' +
        'its sub-technique (`detection_tags.py` sameTypeAndSubtypeNotPresent). The tactics and kill chain phases ' +
        'Enterprise Security shows come from this enrichment.',
      example: '```yaml\ntags:\n  mitre_attack_id:\n  - T1059.1\n  - T1546\n  - T1546.004\n```',
      useInstead: '```yaml\ntags:\n  mitre_attack_id:\n  - T1059.001\n  - T1546.004\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    const list = entryOf(entryOf(facts?.tree, 'tags')?.value, 'mitre_attack_id')?.value;
    if (!facts || list?.kind !== 'sequence') return;
    const items = list.items.filter((i): i is YamlScalar & { value: string } => i.kind === 'scalar' && typeof i.value === 'string');
    const ids = items.map((i) => i.value.trim());
    const seen = new Set<string>();
    const catalogue = facts.repository?.attack;
    items.forEach((item, index) => {
      const id = ids[index];
      if (isPlaceholder(id)) return;
      if (!ATTACK_ID.test(id)) {
        context.report({ span: item.span, messageId: 'format', data: { id } });
        return;
      }
      if (seen.has(id)) {
        context.report({ span: item.span, messageId: 'duplicate', data: { id }, severity: 'warning' });
        return;
      }
      seen.add(id);
      const sub = id.includes('.') ? undefined : ids.find((other) => other.startsWith(`${id}.`));
      if (sub) context.report({ span: item.span, messageId: 'parent', data: { id, sub }, severity: facts.layout === 'contentctl5' ? 'error' : 'hint' });
      if (!catalogue) return;
      const technique = catalogue.techniques.get(id);
      if (!technique) {
        const parent = id.includes('.') ? catalogue.techniques.get(id.split('.')[0]) : undefined;
        const suggestion = parent ? ` (its technique ${parent.id} is ${parent.name})` : '';
        context.report({ span: item.span, messageId: 'unknown', data: { id, source: catalogue.source, suggestion } });
      } else if (technique.retired) {
        context.report({ span: item.span, messageId: 'retired', data: { id, name: technique.name, source: catalogue.source }, severity: 'warning' });
      }
    });
  },
};
