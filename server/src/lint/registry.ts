/**
 * Every lint rule, sorted by id (a test checks the order, unique ids and names, and each rule's doc
 * page and fixtures). Add a rule by inserting its line at its sorted place.
 */
import type { AnyRule } from './rule';
import { wildcardInEval } from './rules/spl101WildcardInEval';
import { leadingWildcard } from './rules/spl102LeadingWildcard';
import { overBroadSubstring } from './rules/spl103OverBroadSubstring';
import { switchVariants } from './rules/spl104SwitchVariants';
import { duplicateOrSubsumed } from './rules/spl105DuplicateOrSubsumed';
import { midValueWildcardPunctuation } from './rules/spl106MidValueWildcardPunctuation';
import { evalBackslash } from './rules/spl107EvalBackslash';
import { searchBackslash } from './rules/spl108SearchBackslash';

export const rules: readonly AnyRule[] = [
  wildcardInEval, // SPL101
  leadingWildcard, // SPL102
  overBroadSubstring, // SPL103
  switchVariants, // SPL104
  duplicateOrSubsumed, // SPL105
  midValueWildcardPunctuation, // SPL106
  evalBackslash, // SPL107
  searchBackslash, // SPL108
];
