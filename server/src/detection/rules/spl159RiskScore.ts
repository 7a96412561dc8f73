/**
 * SPL159 risk-score: in the ESCU 4.x layout, a written `tags.risk_score` that differs from the score
 * contentctl computes (round(confidence × impact / 100)); and a production TTP or Anomaly detection
 * that gives no one the score (no Victim observable in 4.x, no `rba:` block in contentctl 5).
 */
import type { DocumentRule } from '../../lint/rule';
import { entryOf, scalarString, type YamlValue } from '../../workspace/yamlTree';
import { detectionFacts } from '../ruleSupport';

/** The detection types whose findings create risk (detection_abstract.py ensureProperObservablesExist). */
const RISK_TYPES = ['TTP', 'Anomaly'];

export const riskScore: DocumentRule = {
  meta: {
    id: 'SPL159',
    name: 'risk-score',
    defaultSeverity: 'warning',
    outsideSearches: true,
    raisesErrors: true,
    fixable: true,
    messages: {
      mismatch:
        '`risk_score` says {{written}}, but contentctl computes round({{confidence}} × {{impact}} / 100) = {{computed}}: ' +
        'Splunk will use {{computed}}.',
      noVictim:
        'This production {{type}} detection has no observable with the role `Victim`: contentctl requires one, and no ' +
        'risk object would get the score.',
      noRba: 'This production {{type}} detection has no `rba:` block: contentctl 5 requires one to create risk.',
    },
    doc: {
      what:
        'In an ESCU 4.x detection, a `tags.risk_score` that differs from round(`confidence` × `impact` / 100), the score ' +
        'contentctl computes and ships (the quick fix writes the computed value; rounding is Python\'s, half to even); ' +
        'and a production TTP or Anomaly detection that gives no one the score: no observable with the role `Victim` ' +
        '(ESCU 4.x), no `rba:` block (contentctl 5). Score ranges (0-100, 1-100 for contentctl 5 risk objects) are ' +
        'SPL153\'s.',
      why:
        'contentctl ignores a written `risk_score` and computes it (splunk/contentctl `contentctl/objects/detection_tags.py`: ' +
        '`risk_score` is a computed field, `round((confidence * impact) / 100)`), so a reader of the YAML sees one score and ' +
        'Enterprise Security applies another. A production TTP or Anomaly detection without a victim is rejected ' +
        '(`detection_abstract.py` ensureProperObservablesExist); in contentctl 5 the risk objects and their scores live ' +
        'in `rba:` (`rba.py`, the score is the highest object score).',
      example: '```yaml\ntags:\n  confidence: 80\n  impact: 80\n  risk_score: 25\n```',
      useInstead: '```yaml\ntags:\n  confidence: 80\n  impact: 80\n  risk_score: 64\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    if (!facts) return;
    const tags = entryOf(facts.tree, 'tags')?.value;
    if (facts.layout === 'escu4') checkWrittenScore(tags, (finding) => context.report(finding));
    const type = scalarString(entryOf(facts.tree, 'type')?.value);
    const status = scalarString(entryOf(facts.tree, 'status')?.value);
    if (!type || !RISK_TYPES.includes(type) || status !== 'production') return;
    const typeSpan = entryOf(facts.tree, 'type')!.keySpan;
    if (facts.layout === 'contentctl5') {
      if (!entryOf(facts.tree, 'rba')) context.report({ span: typeSpan, messageId: 'noRba', data: { type }, severity: 'error' });
      return;
    }
    const observables = entryOf(tags, 'observable');
    const roles = observables?.value?.kind === 'sequence' ? observables.value.items.flatMap((o) => rolesOf(o)) : [];
    if (!roles.includes('Victim')) context.report({ span: observables?.keySpan ?? typeSpan, messageId: 'noVictim', data: { type }, severity: 'error' });
  },
};

function rolesOf(observable: YamlValue): string[] {
  const role = entryOf(observable, 'role')?.value;
  return role?.kind === 'sequence' ? role.items.flatMap((r) => scalarString(r) ?? []) : [];
}

type Report = Parameters<Parameters<typeof riskScore.checkDocument>[0]['report']>[0];

function checkWrittenScore(tags: YamlValue | null | undefined, report: (finding: Report) => void): void {
  const written = entryOf(tags, 'risk_score')?.value;
  const confidence = integerValue(entryOf(tags, 'confidence')?.value);
  const impact = integerValue(entryOf(tags, 'impact')?.value);
  const score = integerValue(written);
  if (written?.kind !== 'scalar' || score === undefined || confidence === undefined || impact === undefined) return;
  const computed = roundHalfEven(confidence * impact, 100);
  if (computed === score) return;
  report({
    span: written.span,
    messageId: 'mismatch',
    data: { written: score, confidence, impact, computed },
    fix: { title: `Write the computed score ${computed}`, edits: [{ span: written.span, newText: String(computed) }] },
  });
}

function integerValue(value: YamlValue | null | undefined): number | undefined {
  return value?.kind === 'scalar' && typeof value.value === 'number' && Number.isInteger(value.value) ? value.value : undefined;
}

/** Python's round(numerator / denominator) for non-negative integers: halves go to the even neighbour. */
export function roundHalfEven(numerator: number, denominator: number): number {
  const quotient = Math.floor(numerator / denominator);
  const twice = 2 * (numerator - quotient * denominator);
  if (twice > denominator) return quotient + 1;
  if (twice < denominator) return quotient;
  return quotient % 2 === 0 ? quotient : quotient + 1;
}
