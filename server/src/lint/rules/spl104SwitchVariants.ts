/**
 * SPL104 switch-variants: Windows programs commonly accept a switch written with `/`, `-` or a
 * Unicode dash; a detection that lists only some of them is bypassed by writing another.
 */
import type { SearchInNode, SearchOrNode } from '../../spl/ast';
import type { FindingEdit, Rule, RuleContext } from '../rule';
import { searchPlace, searchValue, valueGroupsAt, type GroupedValue, type ValueGroup } from '../searchValues';

const PREFIXES = ['/', '-', '\u2013', '\u2014', '\u2015'] as const;
const DASH_NAMES: Record<string, string> = { '\u2013': 'U+2013 –', '\u2014': 'U+2014 —', '\u2015': 'U+2015 ―' };
/** A switch: a prefix at the start, after a space, a `*` or a quote, then a letter. */
const SWITCH = /(^|[\s*"'])([/\-\u2013\u2014\u2015])([A-Za-z][A-Za-z0-9]*)/;
const COMMAND_LINE_FIELD = /(^|\.)(process|parent_process|command|commandline|command_line|cmdline|cmd_line|process_command_line)$/i;
const WINDOWS_HINT = /\.exe\b|windows|wineventlog|sysmon|powershell/i;

export const switchVariants: Rule = {
  meta: {
    id: 'SPL104',
    name: 'switch-variants',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      missing:
        'The switch {{switch}} of {{field}} is listed as {{present}} but not as {{missing}}: this list already treats `/` ' +
        'and `-` as the same switch prefix, so an attacker can write the form that is missing.',
      dashes:
        'The switch {{switch}} of {{field}} is listed as `/` and `-` but not with the dashes {{missing}}, which many ' +
        'Windows programs accept as well (command-line obfuscation).',
      unverified:
        'The switch {{switch}} of {{field}} is only listed as {{present}}. If the program also accepts {{missing}} ' +
        '(many Windows programs do; tools ported from Unix usually do not), add those forms.',
    },
    doc: {
      what:
        'In the values one command-line field (`process`, `parent_process`, `CommandLine`, `cmdline` ...) is compared with ' +
        'in one `IN (...)` list or one OR chain, a switch (`/y`, `-enc`, `* /c *`) written with some of the prefixes `/`, ' +
        '`-`, `–` (U+2013), `—` (U+2014), `―` (U+2015) but not all, in a search that is about Windows (it mentions ' +
        '`.exe`, Windows, WinEventLog, Sysmon or PowerShell). Severity follows the evidence in the list itself: when some ' +
        'switch of the list is written with both `/` and `-` (the author knows the program takes both), a switch written ' +
        'with only one of them is a warning and missing Unicode dashes are information; when every switch uses a single ' +
        'prefix, the finding is a hint (the program may accept only that prefix: `curl -O`, `cmd /c`).',
      why:
        'Most Windows programs parse their own command line, and many accept a switch with either `/` or `-`; many also ' +
        'accept the look-alike dashes U+2013, U+2014 and U+2015. Public command-line obfuscation research (Wietze ' +
        'Beukema, "Windows Command-Line Obfuscation", 2021) lists such substitutions for many built-in executables, and ' +
        'attackers use them to slip past detections that list only `/x` and `-x`. The corpus itself knows this: ' +
        '`malicious_powershell_process___encoded_command.yml` matches PowerShell\'s `-EncodedCommand` with the class ' +
        '`[\\-|\\/|–|—|―]`. A list with `"*/y*"` and `"*-y*"` misses `msiexec –y evil.dll`. Whether a given program ' +
        'accepts a prefix is not something a linter can know, so the rule uses the list as evidence: if the author wrote ' +
        'one switch both ways, the program takes both, and the other switches of the list should be written both ways too.',
      example: '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=msiexec.exe Processes.process IN ("* /y *", "* -y *")\n  by Processes.dest\n```',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=msiexec.exe Processes.process IN ("* /y *", "* -y *", "* –y *", "* —y *", "* ―y *")\n  by Processes.dest\n```\n' +
        'The quick fix appends the missing forms to the `IN (...)` list (for an OR chain it only reports). If the program ' +
        'really accepts one prefix only, silence the rule for that search with ```` ```spl-detect-disable SPL104``` ````.',
    },
  },
  create(context) {
    const windows = WINDOWS_HINT.test(context.text) && !/linux/i.test(context.document.path);
    const visit = (node: SearchOrNode | SearchInNode) => {
      if (!windows) return;
      const place = searchPlace(context.command(), context.commandIndex());
      if (place !== 'index' && place !== 'tstats' && place !== 'filter') return;
      for (const group of valueGroupsAt(node, context.ancestors())) {
        if (COMMAND_LINE_FIELD.test(group.field)) checkGroup(context, group);
      }
    };
    return { searchOr: visit, searchIn: visit };
  },
};

interface SwitchForm {
  prefix: string;
  body: string;
  value: GroupedValue;
  /** Offset of the prefix in the value. */
  at: number;
}

function checkGroup(context: RuleContext, group: ValueGroup): void {
  const forms = new Map<string, SwitchForm[]>();
  for (const value of group.values) {
    const text = searchValue(value.node);
    const match = SWITCH.exec(text);
    if (!match) continue;
    const at = match.index + match[1].length;
    // One switch, whatever surrounds it: `"*/a *"` and `"*-a*"` are two forms of `a`.
    const key = match[3].toLowerCase();
    const list = forms.get(key) ?? [];
    list.push({ prefix: match[2], body: match[3], value, at });
    forms.set(key, list);
  }
  // Evidence that this program takes both ASCII prefixes: some switch of the list is written both ways.
  const bothAscii = (prefixes: Set<string>) => prefixes.has('/') && prefixes.has('-');
  const evidence = [...forms.values()].some((variants) => bothAscii(new Set(variants.map((v) => v.prefix))));
  for (const variants of forms.values()) {
    const present = new Set(variants.map((v) => v.prefix));
    const missing = PREFIXES.filter((p) => !present.has(p));
    if (missing.length === 0) continue;
    const first = variants[0];
    const messageId = bothAscii(present) ? 'dashes' : evidence ? 'missing' : 'unverified';
    const severity = messageId === 'dashes' ? 'information' : messageId === 'unverified' ? 'hint' : undefined;
    context.report({
      span: first.value.node.span,
      messageId,
      ...(severity ? { severity } : {}),
      data: {
        switch: first.prefix + first.body,
        field: group.field,
        present: [...present].map(describe).join(', '),
        missing: missing.map(describe).join(', '),
      },
      ...fixFor(context, group, first, missing),
    });
  }
}

function describe(prefix: string): string {
  return DASH_NAMES[prefix] ?? `\`${prefix}\``;
}

/** Appends the missing forms to the IN list that holds the first form; only for a lone IN list. */
function fixFor(context: RuleContext, group: ValueGroup, form: SwitchForm, missing: readonly string[]) {
  const list = form.value.list;
  if (!list || group.values.some((v) => v.list !== list)) return {};
  const node = form.value.node;
  const raw = context.text.slice(node.span.start, node.span.end);
  const quoted = node.kind === 'string';
  const inner = quoted ? raw.slice(1, -1) : raw;
  const match = SWITCH.exec(inner);
  if (!match || match[3] !== form.body || match[2] !== form.prefix) return {};
  const at = match.index + match[1].length;
  const variants = missing.map((prefix) => {
    const text = inner.slice(0, at) + prefix + inner.slice(at + 1);
    return quoted ? `"${text}"` : text;
  });
  const last = list.values[list.values.length - 1];
  const edit: FindingEdit = { span: { start: last.span.end, end: last.span.end }, newText: variants.map((v) => `, ${v}`).join('') };
  return { fix: { title: `Add ${variants.join(', ')}`, edits: [edit] } };
}
