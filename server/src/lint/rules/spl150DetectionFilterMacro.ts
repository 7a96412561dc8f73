/**
 * SPL150 detection-filter-macro: a detection whose `search:` calls no `<name>_filter` macro, the hook
 * contentctl generates for tuning. A filter with the wrong name is MAC007's (workspace/macroChecks.ts);
 * this rule reports a missing one (fix: append it) and, as a hint, one that does not end the search.
 */
import { filterMacroName } from '../../macros/builtins';
import { scanMacroCalls } from '../../macros/scan';
import type { DocumentRule } from '../rule';
import { encodeForFile } from '../fileText';

export const detectionFilterMacro: DocumentRule = {
  meta: {
    id: 'SPL150',
    name: 'detection-filter-macro',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      missing:
        'The search does not call `{{expected}}`, the filter macro contentctl generates for "{{name}}": the detection cannot ' +
        'be tuned without editing it. Call it at the end of the search.',
      notLast:
        '`{{expected}}` is not the last command of the search: a filter written for the detection\'s results sees the ' +
        'results of the commands before it only.',
    },
    doc: {
      what:
        'A detection YAML (`detections/**/*.yml`) whose `search:` does not call the filter macro named after the detection: ' +
        'the name lower-cased, each space, `-`, `.` and `/` replaced by `_`, with `_filter` appended (`Windows Net Share` -> ' +
        '`windows_net_share_filter`). A search that calls a differently named `*_filter` macro is reported by MAC007 instead ' +
        '(with a rename fix). When the right filter is called but is not the last command, a hint says so.',
      why:
        'Splunk\'s security_content builds every detection with `| `<name>_filter`` at the end, and contentctl generates ' +
        'that macro as `search *` so that each site can exclude its known false positives without touching the detection ' +
        '(all 1,711 corpus detections do this). Without the call, tuning means editing the detection itself, which the next ' +
        'content update overwrites. At the end, the filter sees the final fields of the results (`user`, `dest` ...) that ' +
        'tuning usually names.',
      example: '```spl\n| tstats count from datamodel=Endpoint.Processes where Processes.process_name="net.exe" by Processes.dest\n| `drop_dm_object_name(Processes)`\n```',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes where Processes.process_name="net.exe" by Processes.dest\n' +
        '| `drop_dm_object_name(Processes)` | `windows_net_share_filter`\n```\nThe quick fix appends the call at the end of the search.',
    },
  },
  checkDocument(context) {
    const { document } = context;
    const name = document.detection?.name;
    const keySpan = document.detection?.keys.search;
    if (document.kind !== 'detection' || !name || !keySpan) return;
    const analyzed = context.searches.find((s) => s.search.role === 'search');
    // A search that does not parse gets its syntax error first; an appended call could land inside an open string.
    if (!analyzed || analyzed.parse.diagnostics.some((d) => d.severity === 'error')) return;
    const { search } = analyzed;
    const expected = filterMacroName(name);
    const filters = scanMacroCalls(search.text).calls.filter((c) => c.name.endsWith('_filter') && !c.args);
    // The text test also finds a call the macro scanner misses (after an escaped quote `\"` outside a string).
    if (filters.length === 0 && !/`\s*[\w.-]+_filter\s*`/.test(search.text)) {
      const last = search.text.trimEnd().length - 1;
      if (last < 0) return;
      const at = search.charEndInFile(last);
      const newText = encodeForFile(document, search, ` | \`${expected}\``);
      context.report({
        span: keySpan,
        messageId: 'missing',
        data: { expected, name },
        ...(newText !== undefined ? { fix: { title: `Append \`${expected}\``, edits: [{ span: { start: at, end: at }, newText }] } } : {}),
      });
      return;
    }
    const call = filters.find((c) => c.name === expected);
    const stages = analyzed.parse.ast.stages;
    const lastStage = stages[stages.length - 1];
    if (!call || !lastStage) return;
    const endsWithCall = lastStage.kind === 'macroCommand' && lastStage.macro.name === expected && lastStage.args.length === 0;
    if (endsWithCall) return;
    context.report({
      span: { start: search.toFileOffset(call.span.start), end: search.charEndInFile(call.span.end - 1) },
      messageId: 'notLast',
      data: { expected },
      severity: 'hint',
    });
  },
};
