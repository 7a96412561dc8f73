/**
 * SPL140 unknown-cim-field: `Processes.orig_process_name` in a search that reads the Endpoint data model:
 * the CIM (server/data/cim.json, CIM 8.5) defines no such field for the dataset, so tstats sees it as
 * always null. Checked from the command that reads the data model (tstats, `from datamodel`, `datamodel`)
 * to the end of its pipeline; data models the CIM does not define (ES `Risk`, `UEBA`) are skipped.
 */
import type { CommandNode, FieldNode, PipelineNode } from '../../spl/ast';
import { walk, type AnyNode } from '../../spl/visit';
import { dataModelSource, lookupCimField } from '../cimFields';
import { closestName } from '../closestName';
import type { Rule, RuleContext } from '../rule';

export const unknownCimField: Rule = {
  meta: {
    id: 'SPL140',
    name: 'unknown-cim-field',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      unknown:
        '`{{name}}`: the CIM data model {{model}} defines no field `{{field}}` in the dataset {{dataset}} (own or inherited){{suggestion}}. ' +
        'It is always null here: a condition on it never matches and grouping by it drops every result.',
    },
    doc: {
      what:
        'A field written with a data model dataset prefix (`Processes.process_name`, `All_Traffic.dest_port`, ' +
        '`All_Certificates.SSL.ssl_issuer`) that the Common Information Model does not define for that dataset, neither ' +
        'as its own field nor inherited from a parent dataset, in a search that reads the data model: `tstats ... from ' +
        'datamodel=Model.Dataset` (aggregations, `where`, `by`), `| from datamodel:Model.Dataset`, `| datamodel Model ' +
        'Dataset search`, and the commands after them in the same pipeline. Fields the search itself creates (`eval`, ' +
        '`rename ... AS`, aggregation aliases, lookup outputs) are not reported. Data models that are not part of the CIM ' +
        '(Enterprise Security\'s `Risk`, `UEBA`) are skipped. The field list is CIM 8.5 (server/data/cim.json).',
      why:
        'An accelerated data model stores only the fields it defines; `tstats` reads nothing else. A condition on an ' +
        'undefined field (`Processes.orig_process_name="net.exe"`) never matches, so the alternative it was meant to ' +
        'cover is silently missing; grouping by one (`by Processes.foo`) returns no rows at all, because tstats drops ' +
        'results whose group-by field is null. The CIM reference ("Endpoint", "Network Traffic" ... data model pages) ' +
        'lists each dataset\'s fields.',
      example:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name="net.exe" OR Processes.orig_process_name="net.exe"\n  by Processes.dest Processes.user\n```',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process_name="net.exe" OR Processes.original_file_name="net.exe"\n  by Processes.dest Processes.user\n```\n' +
        'Use a field the data model defines (here `original_file_name`, the PE header name), or search the raw events when ' +
        'the field exists only there.',
    },
  },
  create(context) {
    return {
      pipeline(node: PipelineNode) {
        checkPipeline(context, node);
      },
    };
  },
};

function checkPipeline(context: RuleContext, pipeline: PipelineNode): void {
  const defined = definedNames(pipeline);
  let model: string | undefined;
  for (const stage of pipeline.stages) {
    const source = dataModelSource(stage);
    if (source) model = context.cim.hasModel(source.model) ? source.model : undefined;
    if (!model) continue;
    for (const field of fieldUses(stage)) {
      if (defined.has(field.name)) continue;
      const found = lookupCimField(context.cim, model, field.name);
      if (found.kind !== 'unknown') continue;
      const names = context.cim.fieldsOf(found.dataset).map((f) => f.name);
      const close = closestName(found.field, names);
      context.report({
        span: field.span,
        messageId: 'unknown',
        data: {
          name: field.name,
          model,
          field: found.field,
          dataset: found.prefix,
          suggestion: close ? ` (did you mean \`${found.prefix}.${close}\`?)` : '',
        },
      });
    }
  }
}

/** Field nodes a command reads, in source order; subsearches (their own pipelines) left out. */
function fieldUses(stage: CommandNode): FieldNode[] {
  const found: FieldNode[] = [];
  walk(stage, (node, parent) => {
    if (node.kind === 'subsearch' || node.kind === 'lookupField') return 'skip';
    if (node.kind === 'field' && !isDefinition(node, parent ?? undefined)) found.push(node);
  });
  return found;
}

/** A field node that names a field the command creates rather than reads. */
function isDefinition(field: FieldNode, parent: AnyNode | undefined): boolean {
  if (!parent) return false;
  switch (parent.kind) {
    case 'evalAssignment':
      return parent.field === field;
    case 'aggregation':
    case 'convertFunction':
    case 'bin':
      return parent.alias === field;
    case 'renamePair':
      return parent.to === field;
    default:
      return false;
  }
}

/** Names the pipeline creates anywhere (eval targets, aliases, rename targets, lookup outputs). */
function definedNames(pipeline: PipelineNode): Set<string> {
  const names = new Set<string>();
  for (const stage of pipeline.stages) {
    walk(stage, (node) => {
      if (node.kind === 'subsearch') return 'skip';
      if (node.kind === 'evalAssignment') names.add(node.field.name);
      if ((node.kind === 'aggregation' || node.kind === 'convertFunction' || node.kind === 'bin') && node.alias) names.add(node.alias.name);
      if (node.kind === 'renamePair' && node.to) names.add(node.to.name);
      if (node.kind === 'lookup') for (const output of node.outputs) names.add((output.alias ?? output.field).name);
    });
  }
  return names;
}
