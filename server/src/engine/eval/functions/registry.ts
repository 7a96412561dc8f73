// Every eval function the local engine runs, by lower-cased name. To add one, add it to its family's
// table (conditional, math, multivalue, text, time) or a new family listed here.
import { conditionalFunctions } from './conditional';
import { mathFunctions } from './math';
import { multivalueFunctions } from './multivalue';
import { textFunctions } from './text';
import { timeFunctions } from './time';
import type { EvalFunction } from './types';

const FAMILIES: EvalFunction[][] = [conditionalFunctions, mathFunctions, multivalueFunctions, textFunctions, timeFunctions];

function buildTable(): ReadonlyMap<string, EvalFunction> {
  const all = FAMILIES.flat().sort((a, b) => (a.name < b.name ? -1 : 1));
  const table = new Map<string, EvalFunction>();
  for (const fn of all) {
    if (table.has(fn.name)) throw new Error(`eval function ${fn.name} is registered twice`);
    table.set(fn.name, fn);
  }
  return table;
}

/** The functions, sorted by name (built once; the table is never changed after). */
export const EVAL_FUNCTIONS: ReadonlyMap<string, EvalFunction> = buildTable();

export function lookupFunction(name: string): EvalFunction | undefined {
  return EVAL_FUNCTIONS.get(name.toLowerCase());
}
