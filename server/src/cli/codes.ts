import { MACRO_CODES } from '../macros/codes';
import { defaultRuleDocsBase, ruleDocUrl } from '../lint/docsLocation';
import { summaryOf } from '../lint/docs';
import { rules } from '../lint/registry';
import type { AnyRule } from '../lint/rule';
import type { RuleDescription } from './sarif';

/** Name and summary of a diagnostic code, for SARIF rules and `explain`; lint rules link their doc page. */
export function describeCode(code: string, docsBase: string | undefined = defaultRuleDocsBase()): RuleDescription {
  const macro = MACRO_CODES[code];
  if (macro) return { id: code, name: macro.name, summary: macro.summary };
  const rule = findRule(code);
  if (rule) {
    const helpUri = ruleDocUrl(docsBase, rule.meta.id);
    return { id: code, name: rule.meta.name, summary: summaryOf(rule.meta), ...(helpUri ? { helpUri } : {}) };
  }
  return { id: code };
}

/** A lint rule by id (`SPL103`, any case) or name (`over-broad-substring`). */
export function findRule(idOrName: string): AnyRule | undefined {
  const wanted = idOrName.trim();
  return rules.find((r) => r.meta.id === wanted.toUpperCase() || r.meta.name === wanted.toLowerCase());
}
