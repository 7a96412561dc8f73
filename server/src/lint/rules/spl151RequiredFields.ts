/**
 * SPL151 required-fields: `tags.required_fields` (or a top-level `required_fields`) that disagrees with
 * the search: a listed field the search never mentions, or a field the search reads from the events
 * that the list lacks. Conservative on purpose (information): only the data model fields of the
 * `tstats`/`datamodel` command and the fields compared in the first search expression count as read.
 */
import type { CimCatalogue } from '../../cim/catalogue';
import type { CommandNode, FieldNode } from '../../spl/ast';
import { walk, type AnyNode } from '../../spl/visit';
import { dataModelSource, lookupCimField } from '../cimFields';
import { wildcardRegExp } from '../fieldSet';
import { exactRootSpan } from '../mapFinding';
import type { DocumentRule, LintedSearch } from '../rule';

/** Fields every event has; listing them is harmless and a search need not name them. */
const METADATA = new Set(['_time', '_raw', 'host', 'source', 'sourcetype', 'index', 'punct', 'linecount', 'eventtype', 'tag', 'splunk_server', 'date_hour', 'date_wday']);
/** Names a search writes like fields that are search modifiers. */
const MODIFIERS = /^(earliest|latest|starttime|endtime|start(hours|days|minutes|months)ago|end(hours|days|minutes|months)ago|timeformat|savedsearch|splunk_server_group|_index_earliest|_index_latest|nodename)$/i;

export const requiredFields: DocumentRule = {
  meta: {
    id: 'SPL151',
    name: 'required-fields',
    defaultSeverity: 'information',
    fixable: false,
    messages: {
      unused: '`{{field}}` is listed in required_fields, but the search (macros expanded) never mentions it.',
      unlisted: 'The search reads {{fields}} from the events, but required_fields does not list {{them}}.',
    },
    doc: {
      what:
        'In a detection YAML, the list `tags.required_fields` (or a top-level `required_fields`) compared with the search: ' +
        'a listed field whose name appears nowhere in the search with its macros expanded, and fields the search reads ' +
        'from the events that the list lacks. To stay free of false alarms, "reads" counts only the data model fields of ' +
        'the `tstats`/`datamodel`/`from datamodel` command (`Processes.process_name` in its `where`, `by` and ' +
        'aggregations) and the fields compared in the first search expression (`EventCode=4688`); fields every event has ' +
        '(`_time`, `host`, `source`, `sourcetype`, `index` ...) are ignored both ways. A listed `process_name` matches a ' +
        'search reading `Processes.process_name`. Detections without the list are not reported.',
      why:
        'required_fields documents what the data must provide for the detection to work; content tooling and people ' +
        'onboarding data read it to check coverage. A stale list (a field renamed in the search but not in the list, or a ' +
        'field the search stopped using) sends them looking for the wrong fields.',
      example:
        '```spl\n| tstats count from datamodel=Endpoint.Processes where Processes.process_name="net.exe" by Processes.dest Processes.user\n```\n' +
        'with `required_fields: [Processes.process_name, Processes.dest, Processes.parent_process]` (lists `parent_process`, ' +
        'which the search does not use, and lacks `Processes.user`).',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes where Processes.process_name="net.exe" by Processes.dest Processes.user\n```\n' +
        'with `required_fields: [Processes.process_name, Processes.dest, Processes.user]`.',
    },
  },
  checkDocument(context) {
    const { document } = context;
    if (document.kind !== 'detection') return;
    const analyzed = context.searches.find((s) => s.search.role === 'search');
    const list = analyzed && document.detection?.requiredFields;
    const read = analyzed && searchReads(analyzed, context.cim);
    if (!analyzed || !list || !read) return;
    const text = read.text.toLowerCase();
    for (const item of list.items) {
      if (item.name === '' || METADATA.has(item.name) || mentions(text, item.name.toLowerCase())) continue;
      if (read.wildcards.some((w) => w.test(item.name))) continue;
      context.report({ span: item.span, messageId: 'unused', data: { field: item.name }, severity: 'hint' });
    }
    const listed = new Set(list.items.map((i) => i.name.toLowerCase()));
    const unlisted = [...read.fields].filter((f) => !listed.has(f.toLowerCase()) && !listed.has(f.split('.').pop()!.toLowerCase()));
    if (unlisted.length === 0) return;
    context.report({
      span: list.keySpan,
      messageId: 'unlisted',
      data: { fields: unlisted.map((f) => `\`${f}\``).join(', '), them: unlisted.length === 1 ? 'it' : 'them' },
    });
  },
};

/** Whether `name` occurs in the search text as a whole word (a field name inside `Processes.name` counts). */
function mentions(text: string, name: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(name, from);
    if (at < 0) return false;
    const before = text.charAt(at - 1);
    const after = text.charAt(at + name.length);
    if (!/[a-z0-9_]/.test(before) && !/[a-z0-9_]/.test(after)) return true;
    from = at + 1;
  }
}

/** The searched text (expanded) and the event fields it certainly reads; undefined when not lintable. */
function searchReads(analyzed: LintedSearch, cim: CimCatalogue): { text: string; fields: Set<string>; wildcards: RegExp[] } | undefined {
  if (analyzed.expansion && !analyzed.expansion.complete) return undefined;
  const parse = analyzed.expandedParse ?? analyzed.parse;
  if (parse.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const text = analyzed.expansion && analyzed.expandedParse ? analyzed.expansion.text : analyzed.search.text;
  const fields = new Set<string>();
  const wildcards = wildcardFields(parse.ast);
  // Only fields written in the detection itself: a data source macro's fields are the macro's business.
  const expansion = analyzed.expandedParse && analyzed.expandedParse !== analyzed.parse ? analyzed.expansion : undefined;
  const add = (field: FieldNode) => {
    if (!expansion || exactRootSpan(expansion, field.span)) fields.add(field.name);
  };
  const first = parse.ast.stages[0];
  if (!first) return { text, fields, wildcards };
  const source = dataModelSource(first);
  if (source && cim.hasModel(source.model)) {
    for (const field of stageFields(first)) {
      if (lookupCimField(cim, source.model, field.name).kind !== 'not-a-dataset-field') add(field);
    }
  } else if (first.kind === 'search' && first.expr) {
    walk(first.expr, (node) => {
      if (node.kind === 'subsearch') return 'skip';
      if (node.kind !== 'searchCompare' && node.kind !== 'searchIn') return;
      const name = node.field.name;
      if (!METADATA.has(name) && !MODIFIERS.test(name) && !/[*$<{]|::/.test(name)) add(node.field);
    });
  }
  return { text, fields, wildcards };
}

/**
 * Field lists with wildcards that read any matching field (`table *`, `values(*) as *`, `foreach Processes.*`),
 * as patterns. `rename Processes.* AS *` reads nothing: it renames what is there.
 */
function wildcardFields(root: AnyNode): RegExp[] {
  const patterns: RegExp[] = [];
  walk(root, (node, parent) => {
    if (node.kind === 'field' && node.name.includes('*') && parent?.kind !== 'renamePair') patterns.push(wildcardRegExp(node.name));
  });
  return patterns;
}

function stageFields(stage: CommandNode): FieldNode[] {
  const found: FieldNode[] = [];
  walk(stage, (node, parent) => {
    if (node.kind === 'subsearch') return 'skip';
    if (node.kind === 'field' && !(parent?.kind === 'aggregation' && parent.alias === node)) found.push(node);
  });
  return found;
}
