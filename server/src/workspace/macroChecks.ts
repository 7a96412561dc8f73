import { filterMacroName } from '../macros/builtins';
import { macroKey } from '../macros/macroEntry';
import type { MacroIndex } from '../macros/macroIndex';
import { scanRunTimeCalls } from '../macros/runTimeCalls';
import { scanMacroCalls } from '../macros/scan';
import type { Diagnostic } from '../text/diagnostic';
import type { AnalyzedSearch } from './analyze';
import type { SplDocument } from './documents';
import { spanToFile } from '../text/embeddedSearch';

/**
 * MAC007: a detection's search calls a `*_filter` macro that is not the one contentctl derives from
 * its name, so tuning the right filter would silently not apply. Fix: rename the call. File offsets.
 */
export function filterMacroDiagnostics(document: SplDocument, searches: AnalyzedSearch[]): Diagnostic[] {
  const name = document.detection?.name;
  if (document.kind !== 'detection' || !name) return [];
  const expected = filterMacroName(name);
  const diagnostics: Diagnostic[] = [];
  for (const { search } of searches) {
    if (search.role !== 'search') continue;
    const filters = scanMacroCalls(search.text).calls.filter((c) => c.name.endsWith('_filter') && !c.args);
    if (filters.length === 0 || filters.some((c) => c.name === expected)) continue;
    for (const call of filters) {
      const span = spanToFile(search, call.nameSpan);
      diagnostics.push({
        span,
        severity: 'warning',
        code: 'MAC007',
        message: `Filter macro \`${call.name}\` does not match this detection's name; contentctl generates \`${expected}\` for "${name}"`,
        fix: { title: `Rename to \`${expected}\``, edits: [{ span, newText: expected }] },
      });
    }
  }
  return diagnostics;
}

/**
 * MAC001 / MAC002 for the calls in map's `search="..."`: the search's own expansion leaves them (Splunk
 * expands them when map runs the search), so they are checked here. File offsets.
 */
export function runTimeCallDiagnostics(searches: AnalyzedSearch[], index: MacroIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const where = "in map's search (Splunk expands it when map runs the search)";
  for (const { search } of searches) {
    for (const call of scanRunTimeCalls(search.text)) {
      if (!call.name || call.problem) continue;
      const arity = call.args?.length ?? 0;
      if (index.resolve(call.name, arity) || (arity === 0 && call.name.endsWith('_filter'))) continue;
      const overloads = index.overloads(call.name);
      diagnostics.push(
        overloads.length === 0
          ? { span: spanToFile(search, call.nameSpan), severity: 'error', code: 'MAC001', message: `Undefined macro \`${macroKey(call.name, arity)}\` ${where}` }
          : {
              span: spanToFile(search, call.span),
              severity: 'error',
              code: 'MAC002',
              message: `\`${call.name}\` takes ${overloads.map((m) => m.arity).join(' or ')} argument(s), not ${arity}, ${where}`,
            },
      );
    }
  }
  return diagnostics;
}

/** MAC005 (defined twice in the same layer) and MAC006 (never called) for the macros a file defines. */
export function macroFileDiagnostics(
  document: SplDocument,
  index: MacroIndex,
  isReferenced: ((name: string, arity: number) => boolean) | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const duplicates = index.duplicates();
  for (const info of document.macros ?? []) {
    const key = macroKey(info.name, info.arity);
    const group = duplicates.find((g) => g[0].name === info.name && g[0].arity === info.arity);
    const others = group?.filter((entry) => entry.file !== document.path || entry.nameSpan?.start !== info.nameSpan.start) ?? [];
    if (group && others.length > 0) {
      diagnostics.push({
        span: info.nameSpan,
        severity: 'warning',
        code: 'MAC005',
        message: `Macro \`${key}\` is defined ${group.length} times; Splunk keeps only one of them`,
        related: others
          .filter((entry) => entry.file && entry.nameSpan)
          .map((entry) => ({ file: entry.file, span: entry.nameSpan!, message: `\`${key}\` is also defined here` })),
      });
    }
    if (isReferenced && !isReferenced(info.name, info.arity)) {
      diagnostics.push({ span: info.nameSpan, severity: 'hint', code: 'MAC006', message: `Macro \`${key}\` is not called anywhere in the workspace` });
    }
  }
  return diagnostics;
}
