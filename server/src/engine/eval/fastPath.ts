// The fast path: literals every matching event's raw text must contain, derived from the first
// search (or tstats where) clause, handed to the reader as a `lineFilter` so other lines are skipped
// before any field is extracted. Only literals that are PROVABLY in the raw text of every matching
// event are required (docs/semantics.md, "Fast path"):
// - a bare search term: its text is matched against `_raw` itself;
// - `field=value` on an extracted field: an extracted value is a piece of the raw text; on an
//   add-on field (a raw search sees them, cim/mappings.ts) only when every rule that can give
//   the field keeps a piece of one raw field and no constant it can give contains the literal
//   (`process_name=msiexec.exe` from `Image|basename` requires `msiexec.exe`; `action=allowed`, a
//   constant, requires nothing);
// - on a CIM field (tstats): only when every way the mapping and the data model can produce the
//   field keeps a piece of one raw field (a field, `|basename`, `|lower` ...), and no constant they
//   can produce instead (`"unknown"`, `'allowed'`, a lookup table's values) contains the literal.
//   Calculated fields qualify only in shapes reviewed here; anything else gives no filter.
// Literals are runs of `[a-z0-9._-]` of 3+ characters: characters no log writer escapes (XML
// entities, JSON `\` escapes), so a value's text and its raw form agree.
import type { CommandNode, SearchExprNode, StringNode, WordNode } from '../../spl/ast';
import { PIECE_MODIFIERS } from '../../cim/fieldSpec';
import type { CimViewProvider, DatasetView } from './cimView';
import { excerpt } from '../../text/excerpt';

const SAFE_RUN = /[a-z0-9._-]{3,}/g;

/** Fields that are not extracted from the raw text. */
const METADATA = new Set(['_time', 'host', 'source', 'sourcetype', 'index', 'linecount', 'eventtype', 'tag', 'splunk_server', 'punct', 'date_hour']);

type FieldCheck = (field: string, literal: string) => boolean;

/**
 * What every matching event's raw text must contain, as clauses: each clause lists literals of which
 * the text holds at least one (`[["msiexec.exe"]]`; `[["cmd.exe", "powershell.exe"], ["whoami"]]`).
 * No clauses: no requirement.
 */
export type LiteralClauses = string[][];

/** Bounds that keep the filter cheap: past them a requirement is dropped (never made stricter). */
const MAX_CLAUSES = 8;
const MAX_ALTERNATIVES = 32;
/**
 * A longer literal is required by its first characters only (a text holding it holds them): the
 * filter's patterns stay small (a 32,768-character literal was past what a RegExp can compile).
 */
export const MAX_LITERAL_LENGTH = 100;

function runs(pattern: string): string[] {
  const out = new Set<string>();
  for (const piece of pattern.toLowerCase().split('*')) for (const m of piece.match(SAFE_RUN) ?? []) out.add(m.slice(0, MAX_LITERAL_LENGTH));
  return [...out];
}

/**
 * A clause in its cheapest equal form: a text holding `powershell.exe` holds `shell.exe`, so an
 * alternative that contains another alternative adds nothing.
 */
function normalClause(literals: Iterable<string>): string[] {
  const unique = [...new Set(literals)];
  return unique.filter((l) => !unique.some((other) => other !== l && l.includes(other))).sort();
}

/** Whether a text meeting clause `a` always meets clause `b` (each alternative of `a` contains one of `b`). */
function implies(a: string[], b: string[]): boolean {
  return a.every((x) => b.some((y) => x.includes(y)));
}

/** The clauses without duplicates or clauses implied by others (`[a]` makes `[a, b]` redundant), sorted. */
function simplify(clauses: LiteralClauses): LiteralClauses {
  const list = [...new Map(clauses.map((c) => [c.join(' '), c])).values()];
  const kept = list.filter((c, i) => !list.some((d, j) => j !== i && implies(d, c) && (!implies(c, d) || j < i)));
  return kept.sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1));
}

/** Requirements of every operand together. */
function every(operands: LiteralClauses[]): LiteralClauses {
  let kept: LiteralClauses = [];
  for (const clauses of operands) {
    for (const clause of clauses) {
      kept.push(clause);
      // Simplifying as it grows keeps a long AND chain linear; any subset of the clauses is correct.
      if (kept.length > MAX_CLAUSES * 4) kept = simplify(kept).slice(0, MAX_CLAUSES);
    }
  }
  return simplify(kept).slice(0, MAX_CLAUSES);
}

/**
 * What holds whichever operand matched: (a AND b) OR c implies (a OR c) AND (b OR c), one clause per
 * choice of a clause from each operand. An operand without requirements leaves none.
 */
function some(operands: LiteralClauses[]): LiteralClauses {
  if (operands.length === 0 || operands.some((o) => o.length === 0)) return [];
  let product: string[][] = [[]];
  for (const clauses of operands) {
    const next: string[][] = [];
    for (const partial of product) {
      for (const clause of clauses) {
        // A clause past MAX_ALTERNATIVES goes at once, so a long OR chain stays linear. Each product
        // clause is implied on its own, so keeping only some of them stays correct.
        const joined = normalClause([...partial, ...clause]);
        if (joined.length <= MAX_ALTERNATIVES && next.length < MAX_CLAUSES * 4) next.push(joined);
      }
    }
    if (next.length === 0) return [];
    product = next;
  }
  return simplify(product).slice(0, MAX_CLAUSES);
}

function valueText(value: WordNode | StringNode | { kind: string }): string | undefined {
  if (value.kind === 'word') return (value as WordNode).text;
  if (value.kind === 'string') return (value as StringNode).value;
  return undefined;
}

/** Each literal of a value's text, required on its own. */
function literalsOf(text: string | undefined, keep: (literal: string) => boolean = () => true): LiteralClauses {
  return text === undefined ? [] : runs(text).filter(keep).map((literal) => [literal]);
}

function derive(node: SearchExprNode | null, fieldOk: FieldCheck): LiteralClauses {
  if (!node) return [];
  switch (node.kind) {
    case 'searchAnd':
      return every(node.operands.map((operand) => derive(operand, fieldOk)));
    case 'searchOr':
      return some(node.operands.map((operand) => derive(operand, fieldOk)));
    case 'searchGroup':
      return derive(node.expr, fieldOk);
    case 'searchTerm':
      return literalsOf(valueText(node.term));
    case 'searchCompare': {
      if ((node.operator !== '=' && node.operator !== '==') || !node.value || node.field.name.includes('*')) return [];
      return literalsOf(valueText(node.value), (literal) => fieldOk(node.field.name, literal));
    }
    case 'searchIn': {
      if (node.field.name.includes('*')) return [];
      return some(node.values.map((value) => literalsOf(valueText(value), (literal) => fieldOk(node.field.name, literal))));
    }
    default:
      return [];
  }
}

/** Whether a mapping spec (server/src/cim/fieldSpec.ts) only yields raw pieces or constants without `literal`. */
function specSafe(spec: unknown, literal: string): boolean {
  if (Array.isArray(spec)) return spec.every((s) => specSafe(s, literal));
  if (typeof spec === 'string') {
    if (spec.length >= 2 && spec.startsWith("'") && spec.endsWith("'")) return !spec.slice(1, -1).toLowerCase().includes(literal);
    const [, ...modifiers] = spec.split('|');
    return modifiers.every((m) => PIECE_MODIFIERS.has(m.split(':')[0]));
  }
  if (spec && typeof spec === 'object' && 'map' in spec) {
    const { map: table, default: otherwise } = spec as { map: Record<string, string>; default?: string };
    return [...Object.values(table), otherwise ?? ''].every((v) => !String(v).toLowerCase().includes(literal));
  }
  // A value beside its name in a name/value array: a piece of the raw text.
  if (spec && typeof spec === 'object' && 'pick' in spec) return true;
  return false;
}

// The data model's "name from path" calculation, as reviewed: the add-on's name, else one capture
// group of an anchored replace over the path (the text after it starts at a line break, which no
// literal holds), else "unknown". Written for process_name/process; applied to its variants.
const NAME_FROM_PATH_TEMPLATE =
  "case(isnotnull(process_name) AND process_name!=\"\", process_name, isnotnull(process) AND process!=\"\" AND match(process, \"^\\s*(?:\\\"..*\\\\\\([^\\\"]+)\\\").*\"), replace( process, \"^\\s*(?:\\\"..*\\\\\\([^\\\"]+)\\\").*\", \"\\1\" ), isnotnull(process) AND process!=\"\" AND match(process, \"^(?:..*\\\\\\)?([^\\s\\\"]+)(?=\\s|$).*\"), replace( process, \"^(?:..*\\\\\\)?([^\\s\\\"]+)(?=\\s|$).*\", \"\\1\" ), 1=1, \"unknown\")";

function nameFromPath(name: string, path: string): string {
  return NAME_FROM_PATH_TEMPLATE.replace(/process_name/g, '\u0000').replace(/process/g, path).replace(/\u0000/g, name);
}

/** The fields a reviewed calculation reads and the constants it can produce; undefined when not reviewed. */
function reviewedCalculation(field: string, expression: string): { reads: string[]; constants: string[] } | undefined {
  const unknownDefault = /^if\(isnull\((\w+)\) OR \1="","unknown",\1\)$/.exec(expression);
  if (unknownDefault && unknownDefault[1] === field) return { reads: [], constants: ['unknown'] };
  const path = field.endsWith('_name') ? field.slice(0, -'_name'.length) : undefined;
  if (path && expression === nameFromPath(field, path)) return { reads: [path], constants: ['unknown'] };
  return undefined;
}

function cimFieldSafe(view: DatasetView, name: string, literal: string, depth = 0): boolean {
  if (depth > 4) return false;
  const base = view.baseName(name);
  if (base === undefined || METADATA.has(base)) return false;
  const expression = view.calculation(base);
  if (expression !== undefined) {
    const reviewed = reviewedCalculation(base, expression);
    if (!reviewed) return false;
    if (reviewed.constants.some((c) => c.includes(literal))) return false;
    if (!reviewed.reads.every((f) => cimFieldSafe(view, f, literal, depth + 1))) return false;
  }
  return view.mappingSpecs(base).every((spec) => specSafe(spec, literal));
}

/** Whether `literal` in a raw search's `field=value` is provably text of the event (an extracted field, or add-on pieces of one). */
function rawFieldCheck(cim: CimViewProvider | undefined): FieldCheck {
  const addons = cim?.addons;
  return (field, literal) => !METADATA.has(field) && !field.startsWith('_') && (addons === undefined || addons.specsFor(field).every((spec) => specSafe(spec, literal)));
}

/** The literals to require of every raw event, lower-case (no clauses: no filter). */
export function requiredLiterals(first: CommandNode | undefined, cim: CimViewProvider | undefined): LiteralClauses {
  if (!first) return [];
  if (first.kind === 'search') return derive(first.expr, rawFieldCheck(cim));
  if (first.kind === 'tstats' && cim && first.source?.kind === 'option' && first.source.value?.kind === 'word') {
    let view: DatasetView;
    try {
      view = cim.dataset(first.source.value.text);
    } catch {
      return [];
    }
    return derive(first.where, (field, literal) => cimFieldSafe(view, field, literal));
  }
  return [];
}

/** A value of one or two letters or digits: too short to be a literal, required as a whole word. */
const SHORT_WORD = /^[a-z0-9]{1,2}$/;

/** The short words one of which a top-level clause requires (`EventID=20`, `EventCode IN (1, 3)`, ORs of them), else undefined. */
function wordsOf(node: SearchExprNode, fieldOk: FieldCheck): string[] | undefined {
  switch (node.kind) {
    case 'searchGroup':
      return node.expr ? wordsOf(node.expr, fieldOk) : undefined;
    case 'searchOr': {
      const all: string[] = [];
      for (const operand of node.operands) {
        const words = wordsOf(operand, fieldOk);
        if (!words) return undefined;
        all.push(...words);
      }
      return all;
    }
    case 'searchCompare':
    case 'searchIn': {
      if (node.field.name.includes('*') || (node.kind === 'searchCompare' && node.operator !== '=' && node.operator !== '==')) return undefined;
      const values = node.kind === 'searchCompare' ? [node.value] : node.values;
      const words: string[] = [];
      for (const value of values) {
        const text = value ? valueText(value)?.toLowerCase() : undefined;
        if (text === undefined || !SHORT_WORD.test(text) || !fieldOk(node.field.name, text)) return undefined;
        words.push(text);
      }
      return words.length > 0 ? words : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whole words every matching event's raw text must hold, as clauses (each met by any one word, with
 * no letter or digit on either side, ignoring case): from the first search's top-level `field=value`
 * and `field IN (...)` tests whose values are too short to be literals (`EventID=20` requires the
 * word `20`). A field's value is text of the event (as for literals), and no reader or add-on cuts
 * a value inside a run of letters and digits: readers cut at markup, JSON punctuation, `=`, quotes,
 * commas and spaces; add-on pieces (cim/fieldSpec.ts) at `\`, `/`, `.`, `=`, `,`, tabs and spaces.
 * So a value that is exactly `20` stands in the raw text as a word `20`.
 */
export function requiredWords(first: CommandNode | undefined, cim: CimViewProvider | undefined): LiteralClauses {
  if (first?.kind !== 'search' || !first.expr) return [];
  const fieldOk = rawFieldCheck(cim);
  const clauses: LiteralClauses = [];
  for (const clause of first.expr.kind === 'searchAnd' ? first.expr.operands : [first.expr]) {
    const words = wordsOf(clause, fieldOk);
    if (words && words.length <= MAX_ALTERNATIVES) clauses.push([...new Set(words)].sort());
  }
  return clauses.slice(0, MAX_CLAUSES);
}

/** Alternatives of a clause named in words; the others are counted. */
const ALTERNATIVES_NAMED = 3;

/**
 * The requirement in words, short whatever the search: `msiexec.exe`, `one of (-ex, bypass) and one of
 * (pwsh.exe, powershell.exe, cmd.exe and 4 more)`, each literal at most an excerpt.
 */
export function describeClauses(clauses: LiteralClauses): string {
  const describe = (clause: string[]) => {
    const named = clause.slice(0, ALTERNATIVES_NAMED).map((literal) => excerpt(literal));
    if (clause.length === 1) return named[0];
    const more = clause.length > ALTERNATIVES_NAMED ? ` and ${clause.length - ALTERNATIVES_NAMED} more` : '';
    return `one of (${named.join(', ')}${more})`;
  };
  return clauses.map(describe).join(' and ');
}

/** Literals and whole words together, in words: `msiexec.exe and the word 20`. */
export function describeRequirement(literals: LiteralClauses, words: LiteralClauses): string {
  const parts = literals.length > 0 ? [describeClauses(literals)] : [];
  for (const clause of words) parts.push(clause.length === 1 ? `the word ${clause[0]}` : `one of the words (${clause.join(', ')})`);
  return parts.join(' and ');
}
