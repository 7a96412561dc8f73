/**
 * SPL109 one-dash-form: a command-line switch tested in one form only (a `process=` value with
 * `/quiet`, `like(process, "%-enc%")`, `match(process, "\s-enc")`) where nothing else in the test
 * writes the other forms, while the program takes them: the attacker writes `-quiet` or `–enc`.
 * Lists and OR chains of search values are SPL104's.
 */
import type { EvalCallNode, EvalExprNode, SearchCompareNode, StringNode } from '../../spl/ast';
import type { AnyNode } from '../../spl/visit';
import type { Finding, FindingEdit, Rule, RuleContext } from '../rule';
import { stringSite } from '../regexSites';
import { insideOrChain, searchPlace, searchValue } from '../searchValues';
import {
  ASCII_PREFIXES,
  COMMAND_LINE_FIELD,
  SWITCH,
  SWITCH_PREFIXES,
  describePrefixes,
  isWindowsSearch,
  judgeSwitch,
  programsFor,
  programsOf,
  type SearchPrograms,
  type SwitchPrefix,
} from '../switches';
import { regexSwitches } from '../switchRegex';

export const oneDashForm: Rule = {
  meta: {
    id: 'SPL109',
    name: 'one-dash-form',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      accepted:
        'The switch {{switch}} of {{field}} is only tested as {{present}}, but {{program}} also accepts {{missing}} ({{source}}): ' +
        'a command line with the other form is not matched. {{how}}',
      unverified:
        'The switch {{switch}} of {{field}} is only tested as {{present}}. If the program also accepts {{missing}} (many Windows ' +
        'programs take `/` and `-`; tools ported from Unix take `-` only), a command line with the other form is not matched. {{how}}',
    },
    doc: {
      what:
        'A switch (`/quiet`, `-enc`, `/c`) of a command-line field (`process`, `parent_process`, `CommandLine` ...) tested with ' +
        'one prefix only, in a search about Windows: a `field=value` of a search expression that is not part of an OR chain ' +
        'or `IN (...)` list on the same field (those are SPL104\'s), a like() pattern (an OR chain of like() calls on the ' +
        'same field counts as one test), or a regular expression of match() whose switch has one prefix (`\\s-enc`) or a ' +
        'class of prefixes that lacks some (`[\\-\\/]enc`). The program comes from the value itself (`"*cmd /c *"`) or from ' +
        'the search\'s `process_name`, `Image`, `original_file_name` ... comparisons. When the table of measured programs ' +
        '(the one SPL104 uses: powershell, regsvr32, certutil, msiexec, schtasks, net, cmd, curl ...) knows the program, the ' +
        'rule reports exactly the forms it accepts that the test lacks: a warning for `/` or `-`, information for the dashes ' +
        'U+2013, U+2014, U+2015, nothing when the test is complete for it. A program the table does not know gives a hint.',
      why:
        'Windows programs parse their own command lines, and many accept `-x` as well as `/x`; some (PowerShell, regsvr32, ' +
        'certutil) also accept the look-alike dashes U+2013 and U+2014, which Sigma\'s `windash` modifier adds to every ' +
        'switch of a Sigma rule. Wietze Beukema ("Windows Command-Line Obfuscation", 2021) and ArgFuscator measured which ' +
        'prefixes each built-in program takes; attackers use the substitutions to walk past detections that test one form. ' +
        '`Processes.process="*-ExecutionPolicy*"` does not match `powershell /ExecutionPolicy Bypass` nor ' +
        '`powershell –ExecutionPolicy Bypass`, and both run. PowerShell code itself (a cmdlet\'s `-ComputerName`) accepts ' +
        '`-`, `–`, `—` and `―` but never `/` (the language specification\'s `dash`), so the rule asks only for what the ' +
        'program takes.',
      example:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=powershell.exe Processes.process="*-ExecutionPolicy Bypass*"\n  by Processes.dest\n```',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=powershell.exe Processes.process IN ("*-ExecutionPolicy Bypass*", "*/ExecutionPolicy Bypass*", "*–ExecutionPolicy Bypass*", "*—ExecutionPolicy Bypass*", "*―ExecutionPolicy Bypass*")\n  by Processes.dest\n```\n' +
        'The quick fix turns `field=value` into `field IN (...)` with every missing form, joins like() calls for the missing ' +
        'forms with OR, and in a regular expression widens the class (or turns the lone prefix into one): ' +
        '`match(process, "(?i)[\\/\\-–—―]ExecutionPolicy")`. A value under NOT is an exclusion and is not reported.',
    },
  },
  create(context) {
    if (!isWindowsSearch(context.text, context.document.path)) return {};
    let programs: SearchPrograms | undefined;
    const programsOfSearch = () => (programs ??= programsOf(context.pipeline));
    return {
      searchCompare(node: SearchCompareNode) {
        const place = searchPlace(context.command(), context.commandIndex());
        if (place !== 'index' && place !== 'tstats' && place !== 'filter') return;
        if (node.operator !== '=' || !COMMAND_LINE_FIELD.test(node.field.name)) return;
        const ancestors = context.ancestors();
        if (insideOrChain(ancestors) || ancestors.some((a) => a.kind === 'searchNot')) return;
        checkCompare(context, node, programsOfSearch());
      },
      evalCall(node: EvalCallNode) {
        const name = node.name.toLowerCase();
        if (name !== 'like' && name !== 'match') return;
        const subject = node.args[0];
        const pattern = node.args[1];
        if (subject?.kind !== 'field' || !COMMAND_LINE_FIELD.test(subject.name) || pattern?.kind !== 'string' || !pattern.terminated) return;
        if (negated(context.ancestors())) return;
        if (name === 'match') checkMatch(context, subject.name, pattern, programsOfSearch());
        else checkLike(context, node, subject.name, pattern, programsOfSearch());
      },
    };
  },
};

/** Under NOT, a test excludes command lines: a missing form only lets more through. */
function negated(ancestors: readonly AnyNode[]): boolean {
  return ancestors.some((a) => (a.kind === 'evalUnary' && a.operator === 'NOT') || a.kind === 'searchNot');
}

interface Verdict {
  missing: SwitchPrefix[];
  messageId: 'accepted' | 'unverified';
  severity?: Finding['severity'];
  data: Record<string, string>;
}

/** What to report for a switch tested with the prefixes `present`, or nothing. */
function verdict(body: string, shown: string, present: ReadonlySet<string>, field: string, programs: SearchPrograms, value?: { text: string; at: number }): Verdict | undefined {
  const judged = judgeSwitch(body, present, programsFor(field, programs, value && { ...value, body }));
  const data = { switch: shown, field, present: describePrefixes(present) };
  if (judged.acceptedMissing.length > 0) {
    const missing = judged.acceptedMissing;
    const ascii = missing.some((p) => ASCII_PREFIXES.includes(p));
    return {
      missing,
      messageId: 'accepted',
      ...(ascii ? {} : { severity: 'information' as const }),
      data: { ...data, missing: describePrefixes(missing), program: judged.evidence!.program, source: judged.evidence!.source },
    };
  }
  if (!judged.unverified) return undefined;
  const missing = SWITCH_PREFIXES.filter((p) => !present.has(p));
  if (missing.length === 0) return undefined;
  return { missing, messageId: 'unverified', severity: 'hint', data: { ...data, missing: describePrefixes(missing) } };
}

function report(context: RuleContext, node: { span: { start: number; end: number } }, found: Verdict, how: string, fix?: { title: string; edits: FindingEdit[] }): void {
  context.report({
    span: node.span,
    messageId: found.messageId,
    ...(found.severity ? { severity: found.severity } : {}),
    data: { ...found.data, how },
    ...(fix ? { fix } : {}),
  });
}

function checkCompare(context: RuleContext, node: SearchCompareNode, programs: SearchPrograms): void {
  const value = node.value;
  if (value?.kind !== 'word' && value?.kind !== 'string') return;
  const text = searchValue(value);
  const match = SWITCH.exec(text);
  if (!match) return;
  const at = match.index + match[1].length;
  const found = verdict(match[3], match[2] + match[3], new Set([match[2]]), node.field.name, programs, { text, at });
  if (!found) return;
  const raw = context.text.slice(value.span.start, value.span.end);
  const quoted = value.kind === 'string';
  const inner = quoted ? raw.slice(1, -1) : raw;
  const rawMatch = SWITCH.exec(inner);
  let fix: { title: string; edits: FindingEdit[] } | undefined;
  if (rawMatch && rawMatch[2] === match[2] && rawMatch[3] === match[3] && (!quoted || value.terminated)) {
    const rawAt = rawMatch.index + rawMatch[1].length;
    const forms = [raw, ...found.missing.map((p) => (quoted ? `"${inner.slice(0, rawAt)}${p}${inner.slice(rawAt + 1)}"` : inner.slice(0, rawAt) + p + inner.slice(rawAt + 1)))];
    const field = context.text.slice(node.field.span.start, node.field.span.end);
    fix = { title: `Test every form: ${field} IN (...)`, edits: [{ span: node.span, newText: `${field} IN (${forms.join(', ')})` }] };
  }
  report(context, value, found, 'List every form in an IN (...) list.', fix);
}

function checkLike(context: RuleContext, node: EvalCallNode, field: string, pattern: StringNode, programs: SearchPrograms): void {
  // `%` and `_` are like()'s wildcards: read them as the search's `*` to find the switch.
  const text = pattern.value.replace(/[%_]/g, '*');
  const match = SWITCH.exec(text);
  if (!match) return;
  const present = new Set<string>([match[2]]);
  const body = match[3].toLowerCase();
  const chain = orChain(context.ancestors(), node);
  for (const other of chain) {
    if (other === pattern) continue;
    const otherMatch = SWITCH.exec(other.value.replace(/[%_]/g, '*'));
    if (otherMatch && otherMatch[3].toLowerCase() === body) present.add(otherMatch[2]);
  }
  // The chain is judged once, at the first like() of the switch.
  const first = chain.find((other) => SWITCH.exec(other.value.replace(/[%_]/g, '*'))?.[3].toLowerCase() === body);
  if (first && first !== pattern) return;
  const at = match.index + match[1].length;
  const found = verdict(match[3], match[2] + match[3], present, field, programs, { text, at });
  if (!found) return;
  const raw = pattern.raw;
  const rawMatch = SWITCH.exec(raw.slice(1, -1).replace(/[%_]/g, '*'));
  let fix: { title: string; edits: FindingEdit[] } | undefined;
  if (rawMatch && rawMatch[2] === match[2]) {
    const rawAt = 1 + rawMatch.index + rawMatch[1].length;
    const call = context.text.slice(node.span.start, node.span.end);
    const calls = [call, ...found.missing.map((p) => call.replace(raw, raw.slice(0, rawAt) + p + raw.slice(rawAt + 1)))];
    fix = { title: 'Test every form with like() ... OR like()', edits: [{ span: node.span, newText: `(${calls.join(' OR ')})` }] };
  }
  report(context, pattern, found, 'Add a like() for each missing form, joined with OR.', fix);
}

/** The like() patterns of the OR chain around `node` (just its own when it stands alone). */
function orChain(ancestors: readonly AnyNode[], node: EvalCallNode): StringNode[] {
  let top: AnyNode = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i];
    if (parent.kind === 'evalGroup' || (parent.kind === 'evalBinary' && parent.operator === 'OR')) top = parent;
    else break;
  }
  const patterns: StringNode[] = [];
  const visit = (expr: EvalExprNode | null): void => {
    if (!expr) return;
    if (expr.kind === 'evalGroup') visit(expr.expr);
    else if (expr.kind === 'evalBinary' && expr.operator === 'OR') {
      visit(expr.left);
      visit(expr.right);
    } else if (expr.kind === 'evalCall' && expr.name.toLowerCase() === 'like' && expr.args[1]?.kind === 'string') {
      const subject = expr.args[0];
      if (subject?.kind === 'field' && node.args[0]?.kind === 'field' && subject.name === node.args[0].name) patterns.push(expr.args[1]);
    }
  };
  visit(top as EvalExprNode);
  return patterns;
}

function checkMatch(context: RuleContext, field: string, pattern: StringNode, programs: SearchPrograms): void {
  const site = stringSite(pattern, 'match()', 0, pattern.value.length);
  for (const found of regexSwitches(site.pattern)) {
    // The switch as the pattern writes it: the prefix or class and the letters (or letter class) after it.
    const shown = site.pattern.slice(found.start, found.end) + (/^(\[[^\]]*\]|[A-Za-z][A-Za-z0-9]*)/.exec(site.pattern.slice(found.end))?.[0] ?? '');
    // A program written before the switch (`cmd\.exe\s+\/c`) is read as the search value `cmd.exe /c`.
    const before = site.pattern.slice(0, found.start).replace(/\\s[+*?]?/g, ' ').replace(/\\(.)/g, '$1');
    const judged = verdict(found.body, shown, found.prefixes, field, programs, { text: before, at: before.length });
    if (!judged) continue;
    const span = site.spanOf(found.start, found.end);
    const wanted = SWITCH_PREFIXES.filter((p) => found.prefixes.has(p) || judged.missing.includes(p));
    const newText = `[${wanted.map((p) => (p === '-' ? '\\\\-' : p)).join('')}]`;
    const how = found.kind === 'class' ? 'Widen the class.' : 'Write the prefix as a class of every form.';
    report(context, pattern, judged, how, { title: `Allow every form: ${newText}`, edits: [{ span, newText }] });
  }
}
