/**
 * SPL141 field-not-produced: a field read after `tstats`/`stats` (or `table`, `fields`, `top`) that no
 * command since then produces: `| tstats count by Processes.dest | where process_name="x"`. The field
 * is always null there. Fields are followed through rename (also `drop_dm_object_name`), eval, lookup
 * OUTPUT, rex groups, fillnull, spath, iplocation ...; a command whose output is not known stops the
 * check until the next stats (fieldFlow.ts): a miss is better than a false alarm.
 */
import type { PipelineNode } from '../../spl/ast';
import { fieldSteps, type FieldRead } from '../fieldFlow';
import { UNKNOWN, describeFields, hasField, type FieldSet } from '../fieldSet';
import type { Rule, RuleContext } from '../rule';

const CONSEQUENCE: Record<FieldRead['use'], string> = {
  filter: 'a condition on it is never true (a null field matches neither = nor !=)',
  group: 'grouping or deduplicating by it drops every result',
  compute: 'what is computed from it is null too',
  input: 'the command has nothing to read',
};

export const fieldNotProduced: Rule = {
  meta: {
    id: 'SPL141',
    name: 'field-not-produced',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      missing:
        '`{{field}}` does not exist here: after `{{producer}}` the results hold only {{fields}}, and no command since creates ' +
        '`{{field}}`. It is always null: {{consequence}}.',
    },
    doc: {
      what:
        'A field that a command reads (a `where`/`search` condition, an `eval` expression, a `stats` aggregation or `by` ' +
        'field, `dedup`, `lookup` input, `bin`, `convert`, `mvexpand` ...) after a command that fixes the set of fields — ' +
        '`tstats`, `stats`, `mstats`, `top`, `rare`, `table`, `fields` — when neither that command nor any command since ' +
        'produces it. The fields are followed through `rename` (with wildcards, so `drop_dm_object_name(Processes)` turns ' +
        '`Processes.dest` into `dest`), `eval` assignments, `eventstats`/`streamstats` results, `lookup ... OUTPUT`, `rex` ' +
        'named groups, `fillnull` fields, `spath output=`, `iplocation`, `bin`/`convert ... AS`, `transaction`, `addinfo`, ' +
        '`addtotals`. After a command whose output fields are not known (`join`, `append`, a lookup without OUTPUT, which ' +
        'adds every column of the table, `spath` without a path, `inputlookup`, an unknown or custom command ...) nothing is ' +
        'reported until the next `stats`. Arguments of `isnull()`, `isnotnull()`, `coalesce()`, `nullif()`, `typeof()` and ' +
        '`mvappend()` are not reported: a null there is expected.',
      why:
        '`stats` and `tstats` return only their aggregations and `by` fields; every other field of the events is gone. A ' +
        'later `where process_name="cmd.exe"` then compares null and removes every result: the detection can never fire, ' +
        'and nothing reports an error. The Search Reference says so for stats ("the results contain only the fields in the ' +
        'BY clause and the aggregations"); tstats behaves the same way with data model fields.',
      example:
        '```spl\n| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes\n  where Processes.process_name="net.exe" by Processes.dest Processes.user\n' +
        '| `drop_dm_object_name(Processes)`\n| where parent_process_name="cmd.exe"\n```',
      useInstead:
        '```spl\n| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes\n  where Processes.process_name="net.exe" by Processes.dest Processes.user Processes.parent_process_name\n' +
        '| `drop_dm_object_name(Processes)`\n| where parent_process_name="cmd.exe"\n```\nGroup by the field (or aggregate it, ' +
        '`values(Processes.parent_process_name) as parent_process_name`), or move the condition into the `tstats ... where`.',
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
  let set: FieldSet = UNKNOWN;
  const reported = new Set<string>();
  for (const stage of pipeline.stages) {
    for (const step of fieldSteps(stage)) {
      const current = set;
      if (current.kind === 'known') {
        for (const read of step.reads) {
          const name = read.field.name;
          if (hasField(current, name) || reported.has(name)) continue;
          reported.add(name);
          context.report({
            span: read.field.span,
            messageId: 'missing',
            data: { field: name, producer: current.producer.command, fields: describeFields(current), consequence: CONSEQUENCE[read.use] },
          });
        }
      }
      set = step.apply(set);
    }
  }
}
