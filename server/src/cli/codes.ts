import { MACRO_CODES } from '../macros/codes';
import type { RuleDescription } from './sarif';

/** Name and summary of a diagnostic code, for SARIF rules and `explain`. */
export function describeCode(code: string): RuleDescription {
  const macro = MACRO_CODES[code];
  if (macro) return { id: code, name: macro.name, summary: macro.summary };
  return { id: code };
}
