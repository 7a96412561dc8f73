// `extract [pairdelim=<chars>] [kvdelim=<chars>] [limit=50] [maxchars=10240] [clean_keys=true] [mv_add=false]`
// (SR extract, alias kv): key-value pairs from _raw ("The extract command works only on the _raw field").
// pairdelim and kvdelim are lists of delimiter characters; "If the delimiter appears in the value, that
// value is not extracted". Without both, the automatic key=value extraction the text reader uses.
// Rules and choices: docs/semantics.md, "extract".
import type { GenericCommandNode, OptionNode } from '../../../spl/ast';
import { extractKeyValues } from '../../readers/kv';
import { cleanKey } from '../../readers/winXml';
import { RunCode, RunError } from '../errors';
import { optionText, parseCount, readOptions, streaming, type CommandSpec } from './types';

interface ExtractOptions {
  pairdelim: string;
  kvdelim: string;
  limit: number;
  maxchars: number;
  cleanKeys: boolean;
  mvAdd: boolean;
}

function flag(option: OptionNode | undefined, fallback: boolean): boolean {
  if (!option) return fallback;
  const text = optionText(option).toLowerCase();
  if (/^(true|t|1|yes)$/.test(text)) return true;
  if (/^(false|f|0|no)$/.test(text)) return false;
  throw new RunError(RunCode.invalidArgument, `${option.name}= must be true or false, got '${text}'`, option.span);
}

/** The pairs of one text with explicit delimiters, in order. */
export function delimitedPairs(text: string, options: ExtractOptions): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const pairSplit = new Set(options.pairdelim);
  const kvSplit = new Set(options.kvdelim);
  let piece = '';
  const flush = () => {
    const at = [...piece].findIndex((c) => kvSplit.has(c));
    if (at > 0 && pairs.length < options.limit) {
      const key = piece.slice(0, at).trim();
      let value = piece.slice(at + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (key && value && ![...value].some((c) => kvSplit.has(c))) pairs.push([options.cleanKeys ? cleanKey(key) : key, value]);
    }
    piece = '';
  };
  for (const c of text.slice(0, options.maxchars)) {
    if (pairSplit.has(c)) flush();
    else piece += c;
  }
  flush();
  return pairs;
}

export const extractCommand: CommandSpec = {
  names: ['extract', 'kv'],
  compile(node) {
    const extract = node as GenericCommandNode;
    const extra = extract.args.find((a) => a.kind !== 'option');
    if (extra) {
      throw new RunError(RunCode.invalidArgument, 'extract with a transforms.conf extractor is not supported by the local engine (pairdelim= and kvdelim= are)', extra.span);
    }
    const given = readOptions(extract.args as OptionNode[], ['pairdelim', 'kvdelim', 'limit', 'maxchars', 'clean_keys', 'mv_add', 'reload', 'segment'], 'extract');
    const text = (key: string) => (given.has(key) ? optionText(given.get(key)!) : undefined);
    const count = (key: string, fallback: number) => (given.has(key) ? parseCount(text(key)!, given.get(key)!.span, key) : fallback);
    const options: ExtractOptions = {
      pairdelim: text('pairdelim') ?? '',
      kvdelim: text('kvdelim') ?? '',
      limit: count('limit', 50),
      maxchars: count('maxchars', 10240),
      cleanKeys: flag(given.get('clean_keys'), true),
      mvAdd: flag(given.get('mv_add'), false),
    };
    const delimited = options.pairdelim !== '' && options.kvdelim !== '';
    if (!delimited && (options.pairdelim !== '' || options.kvdelim !== '')) {
      throw new RunError(RunCode.invalidArgument, 'extract needs both pairdelim= and kvdelim= (or neither, for automatic key=value pairs)', extract.span);
    }
    return streaming((row) => {
      const raw = row.get('_raw');
      if (typeof raw !== 'string') return row;
      const pairs = delimited ? delimitedPairs(raw, options) : [...extractKeyValues(raw.slice(0, options.maxchars))].flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]])).slice(0, options.limit);
      const found = new Map<string, string[]>();
      for (const [key, value] of pairs) {
        const list = found.get(key);
        if (!list) found.set(key, [value]);
        else if (options.mvAdd) list.push(value);
      }
      // A field the row already has is kept (our choice: extract adds what the event lacks).
      for (const [key, values] of found) if (!row.has(key)) row.set(key, values.length === 1 ? values[0] : values);
      return row;
    });
  },
};
