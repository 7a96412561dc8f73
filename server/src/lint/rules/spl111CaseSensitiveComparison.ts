/**
 * SPL111 case-sensitive-comparison: eval compares text case-sensitively, Windows does not. A process
 * name, path, command line, user, host or registry path compared with a literal in eval/where (or
 * matched by a regular expression without `(?i)`) misses the same value in another case.
 */
import type { CommandNode, EvalBinaryNode, EvalCallNode, EvalExprNode, EvalInNode, FieldNode, PipelineNode, RegexCommandNode, RexCommandNode, StringNode } from '../../spl/ast';
import type { FindingEdit, Rule, RuleContext } from '../rule';
import { hasCasedLetter, hasLetterOfCase, otherCase, recasedRaw, regexHasCasedLetter, regexIgnoresCase } from '../caseLetters';
import { isWindowsSearch } from '../switches';
import { WindowsFields, type WindowsValueKind } from '../windowsFields';

const EQUALITY = new Set(['=', '==', '!=']);
/** Eval functions and the index of their regular-expression argument. */
const REGEX_ARGUMENT: Record<string, number> = { match: 1, replace: 1, mvfind: 1 };

export const caseSensitiveComparison: Rule = {
  meta: {
    id: 'SPL111',
    name: 'case-sensitive-comparison',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      compare:
        '{{field}} holds {{kind}}, which Windows treats without regard to case, but {{how}} compares case-sensitively: ' +
        '{{value}} does not match "{{other}}". Compare lower({{field}}) with a lower-case value.',
      pattern:
        '{{field}} holds {{kind}}, which Windows treats without regard to case, but the regular expression of {{where}} is ' +
        'case-sensitive: {{value}} does not match the same text in another case. Start it with (?i).',
      never:
        '{{call}}({{field}}) never equals {{value}}: {{call}}() gives no {{missing}}-case letters, so this test is always ' +
        '{{always}}. Write the value in {{wanted}} case.',
    },
    doc: {
      what:
        'In an eval expression (`eval`, `where`, `eval(...)` in stats, `if()`, `case()` ...), a field that holds a Windows ' +
        'process name, path, command line, user name, host name or registry path compared with a string literal that has ' +
        'letters: `==`, `=`, `!=`, `LIKE`, `in()`/`IN (...)`, `like()`, and the regular expression of `match()`, ' +
        '`replace()`, `mvfind()`, `rex field=...` or `regex field=...` without `(?i)`. The fields are the CIM\'s ' +
        '(`process_name`, `process`, `process_path`, `parent_process*`, `file_path`, `file_name`, `user`, `src_user`, ' +
        '`dest`, `src`, `registry_path`, `registry_value_name` ..., with or without a dataset prefix) and the raw names ' +
        'the Windows data sources map to them (`Image`, `CommandLine`, `NewProcessName`, `TargetFilename`, `TargetObject`, ' +
        '`User`, `Computer` ...), in a search about Windows, unless an earlier command rewrote the field (`eval ' +
        'process=lower(process)`). Also, in any search: `lower(x)` compared with a value that has upper-case letters ' +
        '(or `upper(x)` with lower-case ones), a test that is never true.',
      why:
        'Windows compares file names, paths, command-line switches, account and computer names and registry keys without ' +
        'regard to case, and logs them in whatever case a program or an attacker used: `C:\\\\WINDOWS\\\\system32\\\\CMD.EXE` ' +
        'runs `cmd.exe`. A search expression compares without case (Search Manual, "Use CASE() and TERM() to match ' +
        'phrases": "By default, searches are case-insensitive"), but eval does not: the Search Reference says of `where` ' +
        '"The <eval-expression> is case-sensitive", and a regular expression (PCRE) matches case as written unless it ' +
        'starts with `(?i)`. ' +
        '`where process_name=="cmd.exe"` misses `CMD.EXE`, `match(process, "rundll32.+#\\\\d+")` misses ' +
        '`RUNDLL32.EXE file.dll,#1`: an attacker changes the case and walks past the detection. `original_file_name` is ' +
        'not reported: it is text inside the program file, compared as written.',
      example:
        '```spl\n... | where process_name=="cmd.exe"\n... | where match(process, "rundll32\\\\.exe.+#\\\\d+")\n```',
      useInstead:
        '```spl\n... | where lower(process_name)=="cmd.exe"\n... | where match(process, "(?i)rundll32\\\\.exe.+#\\\\d+")\n```\n' +
        'The quick fix writes `lower(field)` and lower-cases the literal (for `==`, `!=`, `in()` and like()), or puts `(?i)` ' +
        'at the start of the regular expression. A literal with a backslash before a letter gets no fix (lower-casing `\\\\T` ' +
        'would make it `\\\\t`). Filtering in the search command instead (`| search process_name=cmd.exe`) also ignores case.',
    },
  },
  create(context) {
    const windows = isWindowsSearch(context.text, context.document.path);
    let known: WindowsFields | undefined;
    /** The kind of Windows value a field holds here, unless an earlier command rewrote it. */
    const windowsField = (expr: EvalExprNode | FieldNode | null | undefined): { field: FieldNode; kind: WindowsValueKind } | undefined => {
      if (!windows || expr?.kind !== 'field') return undefined;
      const kind = (known ??= new WindowsFields(context.cim)).kindOf(expr.name);
      return kind && !rewrittenBefore(context, expr.name) ? { field: expr, kind } : undefined;
    };
    return {
      evalBinary(node: EvalBinaryNode) {
        if (!node.right) return;
        if (EQUALITY.has(node.operator)) {
          const [subject, literal] = node.right.kind === 'string' ? [node.left, node.right] : [node.right, node.left];
          if (literal.kind !== 'string') return;
          if (neverEqual(context, subject, literal, node.operator === '!=')) return;
          const found = windowsField(subject);
          if (found && comparable(literal)) reportCompare(context, found, [literal], `\`${node.operator}\``);
        } else if (node.operator === 'LIKE' && node.right.kind === 'string') {
          const found = windowsField(node.left);
          if (found && hasCasedLetter(node.right.value)) reportCompare(context, found, [node.right], 'LIKE');
        }
      },
      evalIn(node: EvalInNode) {
        const found = windowsField(node.operand);
        const literals = node.values.filter((v): v is StringNode => v.kind === 'string' && comparable(v));
        if (found && literals.length > 0) reportCompare(context, found, literals, '`IN (...)`');
      },
      evalCall(node: EvalCallNode) {
        const name = node.name.toLowerCase();
        if (name === 'in' || name === 'like') {
          const literals = node.args.slice(1).filter((v): v is StringNode => v.kind === 'string' && (name === 'like' ? hasCasedLetter(v.value) : comparable(v)));
          if (literals.length === 0) return;
          if (name === 'like' && neverEqual(context, node.args[0], literals[0], false)) return;
          const found = windowsField(node.args[0]);
          if (found) reportCompare(context, found, literals, `${name}()`);
          return;
        }
        const index = REGEX_ARGUMENT[name];
        const pattern = index === undefined ? undefined : node.args[index];
        const found = windowsField(node.args[0]);
        if (found && pattern?.kind === 'string') checkPattern(context, found, pattern, `${name}()`);
      },
      rex(node: RexCommandNode) {
        const option = node.options.find((o) => o.name.toLowerCase() === 'field');
        if (option?.value?.kind !== 'word' || !node.regex || node.options.some((o) => o.name.toLowerCase() === 'mode')) return;
        const field: FieldNode = { kind: 'field', name: option.value.text, quoted: false, span: option.value.span };
        const found = windowsField(field);
        if (found) checkPattern(context, found, node.regex, 'rex');
      },
      regex(node: RegexCommandNode) {
        const found = windowsField(node.field);
        if (found && node.regex?.kind === 'string') checkPattern(context, found, node.regex, 'regex');
      },
    };
  },
};

/**
 * A literal an exact comparison can match in some case: it has letters and no `*` next to other text
 * (that is a wildcard meant for search, which eval never matches: SPL101's finding, not this one's).
 */
function comparable(literal: StringNode): boolean {
  return hasCasedLetter(literal.value) && !(literal.value.includes('*') && /[^*]/.test(literal.value));
}

function reportCompare(context: RuleContext, found: { field: FieldNode; kind: WindowsValueKind }, literals: StringNode[], how: string): void {
  const field = context.text.slice(found.field.span.start, found.field.span.end);
  const lowered = literals.map((literal) => ({ literal, raw: recasedRaw(literal, 'lower') }));
  const certain = lowered.every((l) => l.raw !== undefined);
  const edits: FindingEdit[] = [
    { span: found.field.span, newText: `lower(${field})` },
    ...lowered.filter((l) => l.raw !== l.literal.raw).map((l) => ({ span: l.literal.span, newText: l.raw! })),
  ];
  context.report({
    span: literals[0].span,
    messageId: 'compare',
    data: { field, kind: found.kind, how, value: literals[0].raw, other: otherCase(literals[0].value) },
    ...(certain ? { fix: { title: `Compare lower(${field}) with lower-case values`, edits } } : {}),
  });
}

function checkPattern(context: RuleContext, found: { field: FieldNode; kind: WindowsValueKind }, pattern: StringNode, where: string): void {
  if (!pattern.terminated || regexIgnoresCase(pattern.value) || !regexHasCasedLetter(pattern.value)) return;
  const field = context.text.slice(found.field.span.start, found.field.span.end);
  const at = pattern.span.start + 1;
  context.report({
    span: pattern.span,
    messageId: 'pattern',
    data: { field, kind: found.kind, where, value: pattern.raw },
    fix: { title: 'Start the regular expression with (?i)', edits: [{ span: { start: at, end: at }, newText: '(?i)' }] },
  });
}

/** `lower(x)` compared with upper-case letters (or `upper(x)` with lower-case ones): reported, and true when it was. */
function neverEqual(context: RuleContext, subject: EvalExprNode | undefined, literal: StringNode, negated: boolean): boolean {
  if (subject?.kind !== 'evalCall' || subject.args.length !== 1) return false;
  const call = subject.name.toLowerCase();
  if (call !== 'lower' && call !== 'upper') return false;
  const missing = call === 'lower' ? 'upper' : 'lower';
  if (!hasLetterOfCase(literal.value, missing)) return false;
  const arg = subject.args[0];
  const raw = recasedRaw(literal, call === 'lower' ? 'lower' : 'upper');
  context.report({
    span: literal.span,
    messageId: 'never',
    data: {
      call,
      field: context.text.slice(arg.span.start, arg.span.end),
      value: literal.raw,
      missing,
      always: negated ? 'true' : 'false',
      wanted: call === 'lower' ? 'lower' : 'upper',
    },
    ...(raw ? { fix: { title: `Write the value in ${call === 'lower' ? 'lower' : 'upper'} case`, edits: [{ span: literal.span, newText: raw }] } } : {}),
  });
  return true;
}

/** Whether a command before the current one (or an earlier assignment of the same eval) wrote the field. */
function rewrittenBefore(context: RuleContext, name: string): boolean {
  const ancestors = context.ancestors();
  const command = context.command();
  const pipeline = [...ancestors].reverse().find((a): a is PipelineNode => a.kind === 'pipeline');
  if (!pipeline || !command) return false;
  const index = pipeline.stages.indexOf(command);
  if (pipeline.stages.slice(0, Math.max(0, index)).some((stage) => writes(stage, name))) return true;
  if (command.kind !== 'eval') return false;
  const current = ancestors.find((a) => a.kind === 'evalAssignment');
  for (const assignment of command.assignments) {
    if (assignment === current) break;
    if (assignment.field.name === name) return true;
  }
  return false;
}

function writes(stage: CommandNode, name: string): boolean {
  switch (stage.kind) {
    case 'eval':
      return stage.assignments.some((a) => a.field.name === name);
    case 'rename':
      return stage.pairs.some((pair) => pair.to?.name === name);
    case 'rex':
      return stage.regex !== null && new RegExp(`\\(\\?P?<${name.replace(/[^\w]/g, '\\$&')}>`).test(stage.regex.value);
    case 'lookup':
      return stage.outputs.some((output) => (output.alias ?? output.field).name === name);
    default:
      return false;
  }
}
