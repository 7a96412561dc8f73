import type { MacroEntry } from './macroEntry';
import type { MacroCall } from './scan';

/**
 * Named binding (`macro(object=Processes)`) when every argument is named after one of the macro's
 * arguments, each once; otherwise by position, the whole argument text (quotes removed) as value.
 */
export function bindArguments(macro: MacroEntry, call: MacroCall): Record<string, string> {
  const args = call.args ?? [];
  // No prototype: an argument named `__proto__` or `constructor` is an argument like any other.
  const bound: Record<string, string> = Object.create(null);
  const names = args.map((a) => a.name);
  const allNamed = names.every((n) => n !== undefined && macro.args.includes(n)) && new Set(names).size === names.length;
  args.forEach((arg, i) => {
    if (allNamed && args.length > 0) bound[arg.name!] = arg.value;
    else if (i < macro.args.length) bound[macro.args[i]] = arg.positional.value;
  });
  return bound;
}

/** A `$name$` in a definition; Splunk substitutes it everywhere, inside quotes too (macros.conf.spec). */
export interface ArgumentReference {
  name: string;
  start: number;
  end: number;
}

/** The `$name$` references of a definition whose name `isBound`, in order. */
export function argumentReferences(definitionText: string, isBound: (name: string) => boolean): ArgumentReference[] {
  const references: ArgumentReference[] = [];
  const pattern = /\$([A-Za-z0-9_-]+)\$/g;
  for (let match = pattern.exec(definitionText); match; match = pattern.exec(definitionText)) {
    if (isBound(match[1])) references.push({ name: match[1], start: match.index, end: match.index + match[0].length });
  }
  return references;
}

/** The definition with the bound arguments' values in place (plain text; expand.ts keeps origins too). */
export function substitutedText(macro: MacroEntry, bound: Record<string, string>): string {
  let text = '';
  let cursor = 0;
  for (const reference of argumentReferences(macro.definitionText, (name) => Object.hasOwn(bound, name))) {
    text += macro.definitionText.slice(cursor, reference.start) + bound[reference.name];
    cursor = reference.end;
  }
  return text + macro.definitionText.slice(cursor);
}
