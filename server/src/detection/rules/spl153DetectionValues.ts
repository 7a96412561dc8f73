/**
 * SPL153 detection-values: values of a detection that contentctl rejects although their type is
 * right: an enum value not in its list (quick fix: the listed value it resembles), an `id` that is
 * not a UUID, a `date` that is not a real day or lies in the future, numbers out of range, strings
 * too short or too long, lists with too few items, URLs that are not URLs, CVE ids, and the
 * `UPDATE ...` placeholders contentctl's `new` leaves. Name length is SPL154's, ATT&CK ids SPL157's.
 */
import type { DocumentRule } from '../../lint/rule';
import { detectionFacts, pathText, shapeIssues } from '../ruleSupport';
import { scalarReplacement } from '../yamlText';

const SHOWN_VALUES = 12;

export const detectionValues: DocumentRule = {
  meta: {
    id: 'SPL153',
    name: 'detection-values',
    defaultSeverity: 'error',
    outsideSearches: true,
    fixable: true,
    messages: {
      enum: '`{{value}}` is not a value of `{{key}}`{{suggestion}}; contentctl accepts {{values}}.',
      format: '`{{key}}`: `{{value}}` {{reason}}.',
      range: '`{{key}}` is {{value}}; contentctl accepts {{bounds}}.',
      length: '`{{key}}` has {{length}} characters; contentctl needs {{bounds}}.',
      items: '`{{key}}` lists {{count}} item(s); contentctl needs at least {{min}}.',
      placeholder: '`{{key}}` still holds the placeholder `{{value}}`: write the real value.',
    },
    doc: {
      what:
        'Values of a detection YAML that have the right type but that contentctl rejects: `type`, `status`, ' +
        '`tags.asset_type`, `tags.security_domain`, `tags.product`, observable types and roles, risk and threat object types ' +
        'outside their lists (the quick fix writes the listed value the text resembles: same letters in another case, ' +
        'the only value it starts, or the closest spelling); an `id` or `atomic_guid` that is not a UUID; a `date` that is ' +
        'not `YYYY-MM-DD`, not a day of the calendar, or later than today (UTC); `version` below 1; `confidence`, `impact` ' +
        'outside 0-100, a risk object `score` outside 1-100; `how_to_implement` and `known_false_positives` shorter than 4 ' +
        'characters; a drilldown `name` shorter than 5; `references` and `research_site_url` that are not http(s) URLs; ' +
        '`cve` entries that are not CVE ids; lists that need an item and have none (`product`, `required_fields`, ' +
        '`attack_data`, `risk_objects`); and the placeholders contentctl\'s `new` writes (`UPDATE_DESCRIPTION`, `UPDATE ' +
        'asset_type` ...) or `TBD`/`TODO` in the prose keys, reported as warnings.',
      why:
        'Each of these stops `contentctl validate`. The lists are contentctl\'s enums (splunk/contentctl ' +
        '`contentctl/objects/enums.py`: AnalyticsType, DetectionStatus, SecurityDomain, AssetType, ' +
        'SecurityContentProductName; `constants.py` for observable types and roles; `rba.py` for risk and threat object ' +
        'types); the formats and bounds are the pydantic fields of `security_content_object_abstract.py` (`id: UUID`, ' +
        '`date` not in the future, `references: List[HttpUrl]`), `detection_abstract.py` (`how_to_implement`, ' +
        '`known_false_positives` min_length 4), `detection_tags.py` (confidence, impact `le=100`, `product` min_length 1, ' +
        '`cve` pattern), `drilldown.py` (name min_length 5) and `rba.py` (score 1-100). Enum values are case-sensitive: ' +
        '`type: ttp` fails although `TTP` would pass.',
      example: '```yaml\ntype: TTPS\nstatus: prod\ndate: \'2024-02-30\'\ntags:\n  asset_type: endpoint\n```',
      useInstead: '```yaml\ntype: TTP\nstatus: production\ndate: \'2024-02-29\'\ntags:\n  asset_type: Endpoint\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    if (!facts) return;
    for (const issue of shapeIssues(context, facts)) {
      const key = pathText(issue.path);
      switch (issue.kind) {
        case 'enum': {
          const shown = issue.values.slice(0, SHOWN_VALUES).map((v) => `\`${v}\``).join(', ');
          const values = issue.values.length > SHOWN_VALUES ? `${shown} and ${issue.values.length - SHOWN_VALUES} more` : shown;
          const suggestion = issue.suggestion ? ` (did you mean \`${issue.suggestion}\`?)` : '';
          context.report({
            span: issue.span,
            messageId: 'enum',
            data: { value: issue.value, key, suggestion, values },
            ...(issue.suggestion
              ? { fix: { title: `Change to \`${issue.suggestion}\``, edits: [{ span: issue.span, newText: scalarReplacement(issue.scalar, issue.suggestion) }] } }
              : {}),
          });
          break;
        }
        case 'format':
          // ATT&CK ids are SPL157's, with its catalogue.
          if (issue.format !== 'attack-id') context.report({ span: issue.span, messageId: 'format', data: { key, value: issue.value, reason: issue.reason } });
          break;
        case 'range':
          context.report({ span: issue.span, messageId: 'range', data: { key, value: issue.value, bounds: bounds(issue.min, issue.max) } });
          break;
        case 'length':
          // The name's maximum is SPL154's: it explains where the limit comes from.
          if (key === 'name' && issue.max !== undefined && issue.length > issue.max) break;
          context.report({ span: issue.span, messageId: 'length', data: { key, length: issue.length, bounds: bounds(issue.min, issue.max) } });
          break;
        case 'items':
          context.report({ span: issue.span, messageId: 'items', data: { key, count: issue.count, min: issue.min } });
          break;
        case 'placeholder':
          context.report({ span: issue.span, messageId: 'placeholder', data: { key, value: issue.value }, severity: 'warning' });
          break;
        default:
          break;
      }
    }
  },
};

function bounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}
