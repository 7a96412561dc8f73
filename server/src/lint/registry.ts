/**
 * Every lint rule, sorted by id (a test checks the order, unique ids and names, and each rule's doc
 * page and fixtures). Add a rule by inserting its line at its sorted place.
 */
import type { AnyRule } from './rule';
import { wildcardInEval } from './rules/spl101WildcardInEval';

export const rules: readonly AnyRule[] = [
  wildcardInEval, // SPL101
];
