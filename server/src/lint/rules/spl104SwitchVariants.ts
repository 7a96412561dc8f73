/**
 * SPL104 switch-variants: Windows programs commonly accept a switch written with `/`, `-` or a
 * Unicode dash; a detection that lists only some of them is bypassed by writing another.
 */
import type { SearchInNode, SearchOrNode } from '../../spl/ast';
import type { FindingEdit, Rule, RuleContext } from '../rule';
import { searchPlace, searchValue, valueGroupsAt, type GroupedValue, type ValueGroup } from '../searchValues';
import {
  ASCII_PREFIXES,
  COMMAND_LINE_FIELD,
  SWITCH,
  SWITCH_PREFIXES,
  describePrefix,
  isWindowsSearch,
  judgeSwitch,
  programsFor,
  programsOf,
  type SearchPrograms,
} from '../switches';

export const switchVariants: Rule = {
  meta: {
    id: 'SPL104',
    name: 'switch-variants',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      accepted:
        'The switch {{switch}} of {{field}} is listed as {{present}}, but {{program}} also accepts {{missing}} ({{source}}): ' +
        'an attacker can write the form that is missing.',
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
        'in one `IN (...)` list or one OR chain, a switch (`/i:`, `-enc`, `* /c *`) written with some of the prefixes `/`, ' +
        '`-`, `–` (U+2013), `—` (U+2014), `―` (U+2015) but not all, in a search that is about Windows (it mentions ' +
        '`.exe`, Windows, WinEventLog, Sysmon or PowerShell). When the search names its program (`process_name=...`, ' +
        '`Image=...`) and the program is in the table of measured programs (server/src/lint/switchPrograms.ts: powershell, ' +
        'regsvr32, certutil, msiexec, schtasks, wmic, net, cmd, curl and more, each row with its source), the rule reports exactly the forms ' +
        'that program accepts and the list lacks: a warning for `/` or `-`, information for the dashes, nothing when the ' +
        'list is complete for it (`msiexec` takes `/` and `-` only, `net` and `cmd` take `/` only, `curl` `-` only). For ' +
        'other programs severity follows the evidence in the list itself: when some switch of the list is written with both ' +
        '`/` and `-`, a switch written with only one of them is a warning and missing dashes are information; when every ' +
        'switch uses a single prefix, the finding is a hint. SPL109 reports the same for a single value outside any list.',
      why:
        'Most Windows programs parse their own command line, and many accept a switch with either `/` or `-`; some also ' +
        'accept the look-alike dashes U+2013, U+2014 and U+2015 (what Sigma\'s `windash` modifier adds). Wietze Beukema ' +
        '("Windows Command-Line Obfuscation", 2021) tried every code point in the place of the prefix for many built-in ' +
        'executables, and ArgFuscator (argfuscator.net) records the option characters each one accepts: `regsvr32` and ' +
        '`powershell` take all five, `certutil` `/`, `-`, `–`, `—`, `msiexec` and `schtasks` `/` and `-` only, `net` `/` ' +
        'only. PowerShell code itself accepts `-`, `–`, `—` and `―` before every parameter (the language specification\'s ' +
        '`dash`), never `/`. Attackers use these substitutions to slip past detections that list only `/x`: a list with ' +
        '`"*/i:*"` and `"*-i:*"` misses `regsvr32 /s –i:evil.sct scrobj.dll`. The table (server/src/lint/switchPrograms.ts) ' +
        'names the source of every row; for a program it does not know, the list is the evidence: if the author wrote one ' +
        'switch both ways, the program takes both, and the other switches of the list should be written both ways too.',
      example:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=regsvr32.exe Processes.process IN ("*/i:*", "*-i:*")\n  by Processes.dest\n```',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name=regsvr32.exe Processes.process IN ("*/i:*", "*-i:*", "*–i:*", "*—i:*", "*―i:*")\n  by Processes.dest\n```\n' +
        'The quick fix appends the missing forms to the `IN (...)` list (for an OR chain it only reports). If the program ' +
        'really accepts one prefix only, silence the rule for that search with ```` ```spl-detect-disable SPL104``` ````, ' +
        'or add the program to the table with its source.',
    },
  },
  create(context) {
    const windows = isWindowsSearch(context.text, context.document.path);
    let programs: SearchPrograms | undefined;
    const visit = (node: SearchOrNode | SearchInNode) => {
      if (!windows) return;
      const place = searchPlace(context.command(), context.commandIndex());
      if (place !== 'index' && place !== 'tstats' && place !== 'filter') return;
      for (const group of valueGroupsAt(node, context.ancestors())) {
        if (COMMAND_LINE_FIELD.test(group.field)) checkGroup(context, group, (programs ??= programsOf(context.pipeline)));
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

function checkGroup(context: RuleContext, group: ValueGroup, programs: SearchPrograms): void {
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
    const first = variants[0];
    const ofSwitch = programsFor(group.field, programs, { text: searchValue(first.value.node), at: first.at, body: first.body });
    const judged = judgeSwitch(first.body, present, ofSwitch);
    const data = { switch: first.prefix + first.body, field: group.field, present: [...present].map(describePrefix).join(', ') };
    if (judged.acceptedMissing.length > 0) {
      // A program of the search is known to accept forms the list lacks.
      const missing = judged.acceptedMissing;
      context.report({
        span: first.value.node.span,
        messageId: 'accepted',
        ...(missing.some((p) => ASCII_PREFIXES.includes(p)) ? {} : { severity: 'information' as const }),
        data: { ...data, missing: missing.map(describePrefix).join(', '), program: judged.evidence!.program, source: judged.evidence!.source },
        ...fixFor(context, group, first, missing),
      });
      continue;
    }
    // Every program is known and takes nothing more: the list is complete.
    if (!judged.unverified) continue;
    const missing = SWITCH_PREFIXES.filter((p) => !present.has(p));
    if (missing.length === 0) continue;
    const messageId = bothAscii(present) ? 'dashes' : evidence ? 'missing' : 'unverified';
    const severity = messageId === 'dashes' ? 'information' : messageId === 'unverified' ? 'hint' : undefined;
    context.report({
      span: first.value.node.span,
      messageId,
      ...(severity ? { severity } : {}),
      data: { ...data, missing: missing.map(describePrefix).join(', ') },
      ...fixFor(context, group, first, missing),
    });
  }
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
