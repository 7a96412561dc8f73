/**
 * Command-line switches as Windows programs read them: the prefixes (`/`, `-` and the three dashes
 * Sigma's `windash` modifier adds), where a switch starts in a value, which fields hold command lines,
 * and which programs the search is about. SPL104 (lists of values) and SPL109 (single values, like(),
 * match()) both judge switches with this module and the measured table of switchPrograms.ts.
 */
import type { PipelineNode, SearchExprNode, WordNode, StringNode } from '../spl/ast';
import { walk } from '../spl/visit';
import { acceptedPrefixes, type Acceptance } from './switchPrograms';

/** `-`, `/` and what Sigma's windash expands `-` to: en dash, em dash, horizontal bar. */
export const SWITCH_PREFIXES = ['/', '-', '\u2013', '\u2014', '\u2015'] as const;
export type SwitchPrefix = (typeof SWITCH_PREFIXES)[number];
export const ASCII_PREFIXES: readonly SwitchPrefix[] = ['/', '-'];

const DASH_NAMES: Record<string, string> = { '\u2013': 'U+2013 –', '\u2014': 'U+2014 —', '\u2015': 'U+2015 ―' };

/** A prefix as messages show it: `/`, `-`, or the code point and glyph of a dash. */
export function describePrefix(prefix: string): string {
  return DASH_NAMES[prefix] ?? `\`${prefix}\``;
}

export function describePrefixes(prefixes: Iterable<string>): string {
  return [...prefixes].map(describePrefix).join(', ');
}

export function isSwitchPrefix(char: string): char is SwitchPrefix {
  return (SWITCH_PREFIXES as readonly string[]).includes(char);
}

/** A switch in a search value: a prefix at the start, after a space, a `*` or a quote, then a letter. */
export const SWITCH = /(^|[\s*"'])([/\-\u2013\u2014\u2015])([A-Za-z][A-Za-z0-9]*)/;

/** Fields holding a whole command line (CIM and the raw names add-ons and EDRs use). */
export const COMMAND_LINE_FIELD = /(^|\.)(process|parent_process|command|commandline|command_line|cmdline|cmd_line|process_command_line|parentcommandline)$/i;
const PARENT_COMMAND_LINE = /(^|\.)(parent_process|parentcommandline)$/i;

const WINDOWS_HINT = /\.exe\b|windows|wineventlog|sysmon|powershell/i;

/** Whether a search is about Windows: switch prefixes are a Windows matter; Unix tools take `-` only. */
export function isWindowsSearch(text: string, documentPath: string): boolean {
  return WINDOWS_HINT.test(text) && !/linux/i.test(documentPath);
}

/** Fields naming the program whose command line `process` is, and the parent's. */
const PROGRAM_FIELD = /(^|\.)(process_name|process_exec|process_path|original_file_name|OriginalFileName|Image|NewProcessName|New_Process_Name|ProcessName)$/;
const PARENT_PROGRAM_FIELD = /(^|\.)(parent_process_name|parent_process_exec|parent_process_path|ParentImage|ParentProcessName|ParentBaseFileName)$/;

/** The programs a search compares its process (or parent process) name with; `unknown` when some name is a pattern. */
export interface Programs {
  names: Set<string>;
  /** Some name could not be read as one program (`net*.exe`, a macro left unexpanded). */
  unknown: boolean;
}

export interface SearchPrograms {
  process: Programs;
  parent: Programs;
}

/**
 * The program names of a search, from `field=value` and `field IN (...)` on process-name fields in
 * its search expressions, leaving out values under NOT (exclusions name other programs).
 */
export function programsOf(pipeline: PipelineNode): SearchPrograms {
  const found: SearchPrograms = { process: { names: new Set(), unknown: false }, parent: { names: new Set(), unknown: false } };
  walk(pipeline, (node) => {
    // A negated expression names programs the search excludes.
    if (node.kind === 'searchNot') return 'skip';
    if (node.kind !== 'searchCompare' && node.kind !== 'searchIn') return;
    if (node.kind === 'searchCompare' && node.operator !== '=') return;
    const target = PARENT_PROGRAM_FIELD.test(node.field.name) ? found.parent : PROGRAM_FIELD.test(node.field.name) ? found.process : undefined;
    if (!target) return;
    const values = node.kind === 'searchCompare' ? [node.value] : node.values;
    for (const value of values) addProgram(target, value);
  });
  return found;
}

function addProgram(target: Programs, value: SearchExprNode | WordNode | StringNode | null): void {
  if (value?.kind !== 'word' && value?.kind !== 'string') {
    target.unknown = true;
    return;
  }
  const text = value.kind === 'word' ? value.text : value.value;
  const name = programName(text);
  if (name) target.names.add(name);
  else target.unknown = true;
}

/**
 * `C:\Windows\System32\NET.exe`, `*\\net.exe`, `net.exe` and `net` all name `net`; a pattern such
 * as `python*.exe` stays a pattern (`python*`), which the table may know as a family.
 */
export function programName(value: string): string | undefined {
  const base = value.replace(/^.*[\\/]/, '').replace(/^\*+(?=[^*])/, '').toLowerCase();
  if (base === '' || /^\*+$/.test(base) || /[$%`]/.test(base)) return undefined;
  return base.replace(/\.(exe|com|dll)$/, '');
}

/** A program written in the value right before its switch (`"*cmd /c set"`), when the table knows it. */
function programBefore(text: string, at: number, body: string): string | undefined {
  // Earlier switches of the same program (`cmd /q /c`) stand between it and this one.
  const before = text.slice(0, at).replace(/(\s+[/\-\u2013\u2014\u2015][^\s*]*)+\s*$/, ' ');
  const word = /([A-Za-z0-9_.-]+)["']?\s+$/.exec(before)?.[1];
  const name = word === undefined ? undefined : programName(word);
  return name !== undefined && acceptedPrefixes(name, body) ? name : undefined;
}

/**
 * The programs a switch of a command-line field belongs to: the program written right before it in the
 * value when the table knows that one, else the programs the search names for the field.
 */
export function programsFor(field: string, programs: SearchPrograms, value?: { text: string; at: number; body: string }): Programs {
  const named = value && programBefore(value.text, value.at, value.body);
  if (named) return { names: new Set([named]), unknown: false };
  return PARENT_COMMAND_LINE.test(field) ? programs.parent : programs.process;
}

/** What is known about the forms of one switch the search does not write. */
export interface SwitchJudgement {
  /** Forms some program of the search is known to accept and the search lacks. */
  acceptedMissing: SwitchPrefix[];
  /** The program and source that vouch for the first accepted missing form. */
  evidence?: Acceptance;
  /** Some program of the search is not in the table (or none is named): the missing forms are unverified. */
  unverified: boolean;
}

/**
 * Judges a switch (`body` without its prefix, as written) of which the search writes the prefixes
 * `present`, against the table of what each program accepts.
 */
export function judgeSwitch(body: string, present: ReadonlySet<string>, programs: Programs): SwitchJudgement {
  const acceptedMissing = new Set<SwitchPrefix>();
  let evidence: Acceptance | undefined;
  let unverified = programs.unknown || programs.names.size === 0;
  for (const program of programs.names) {
    const acceptance = acceptedPrefixes(program, body);
    if (!acceptance) {
      unverified = true;
      continue;
    }
    // A form the program does not take (`-filter` next to cmd.exe) is no switch of that program:
    // it belongs to something the command line runs, which the table cannot name.
    if (![...present].some((p) => (acceptance.prefixes as readonly string[]).includes(p))) {
      unverified = true;
      continue;
    }
    for (const prefix of acceptance.prefixes) {
      if (present.has(prefix)) continue;
      acceptedMissing.add(prefix);
      evidence ??= acceptance;
    }
  }
  const ordered = SWITCH_PREFIXES.filter((p) => acceptedMissing.has(p));
  return { acceptedMissing: ordered, ...(evidence ? { evidence } : {}), unverified };
}
