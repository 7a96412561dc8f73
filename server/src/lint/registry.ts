/**
 * Every lint rule, sorted by id (a test checks the order, unique ids and names, and each rule's doc
 * page and fixtures). Add a rule by inserting its line at its sorted place. The rules about a whole
 * detection document (SPL152-SPL162) live with its model in server/src/detection/rules/.
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
import { oneDashForm } from './rules/spl109OneDashForm';
import { ineffectiveWildcard } from './rules/spl110IneffectiveWildcard';
import { caseSensitiveComparison } from './rules/spl111CaseSensitiveComparison';
import { invalidRegex } from './rules/spl120InvalidRegex';
import { pcreTranslated } from './rules/spl121PcreTranslated';
import { unescapedDotInFilename } from './rules/spl122UnescapedDotInFilename';
import { unknownCommand } from './rules/spl130UnknownCommand';
import { unknownFunction } from './rules/spl131UnknownFunction';
import { functionArity } from './rules/spl132FunctionArity';
import { subsearchAllFields } from './rules/spl133SubsearchAllFields';
import { unknownCimField } from './rules/spl140UnknownCimField';
import { fieldNotProduced } from './rules/spl141FieldNotProduced';
import { detectionFilterMacro } from './rules/spl150DetectionFilterMacro';
import { requiredFields } from './rules/spl151RequiredFields';
import { detectionKeys } from '../detection/rules/spl152DetectionKeys';
import { detectionValues } from '../detection/rules/spl153DetectionValues';
import { detectionName } from '../detection/rules/spl154DetectionName';
import { unknownDataSource } from '../detection/rules/spl155UnknownDataSource';
import { unknownStory } from '../detection/rules/spl156UnknownStory';
import { attackId } from '../detection/rules/spl157AttackId';
import { riskFields } from '../detection/rules/spl158RiskFields';
import { riskScore } from '../detection/rules/spl159RiskScore';
import { drilldownTokens } from '../detection/rules/spl160DrilldownTokens';
import { testData } from '../detection/rules/spl161TestData';
import { duplicateDetection } from '../detection/rules/spl162DuplicateDetection';

export const rules: readonly AnyRule[] = [
  wildcardInEval, // SPL101
  leadingWildcard, // SPL102
  overBroadSubstring, // SPL103
  switchVariants, // SPL104
  duplicateOrSubsumed, // SPL105
  midValueWildcardPunctuation, // SPL106
  evalBackslash, // SPL107
  searchBackslash, // SPL108
  oneDashForm, // SPL109
  ineffectiveWildcard, // SPL110
  caseSensitiveComparison, // SPL111
  invalidRegex, // SPL120
  pcreTranslated, // SPL121
  unescapedDotInFilename, // SPL122
  unknownCommand, // SPL130
  unknownFunction, // SPL131
  functionArity, // SPL132
  subsearchAllFields, // SPL133
  unknownCimField, // SPL140
  fieldNotProduced, // SPL141
  detectionFilterMacro, // SPL150
  requiredFields, // SPL151
  detectionKeys, // SPL152
  detectionValues, // SPL153
  detectionName, // SPL154
  unknownDataSource, // SPL155
  unknownStory, // SPL156
  attackId, // SPL157
  riskFields, // SPL158
  riskScore, // SPL159
  drilldownTokens, // SPL160
  testData, // SPL161
  duplicateDetection, // SPL162
];
