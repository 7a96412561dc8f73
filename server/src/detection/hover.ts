/**
 * Hover in a detection's YAML: a key's one-line doc from the model; a data source name (its source,
 * sourcetype, fields and example event); a story name (its description); a `$field$` token of the risk
 * message (the command of the search that produces the field); an ATT&CK id (name and tactics, with a
 * bundle).
 */
import { applyStage } from '../lint/fieldFlow';
import { UNKNOWN, hasField, type FieldSet } from '../lint/fieldSet';
import { lintableParse } from '../lint/lintable';
import type { LintedSearch } from '../lint/rule';
import type { Span } from '../text/span';
import { valueAt, type YamlValue } from '../workspace/yamlTree';
import type { Repository } from './contentIndex';
import { specAt, type Layout } from './model';
import { dataSourceReferences } from './references';
import { dollarTokens, locateInScalar } from './ruleSupport';

export interface DetectionHover {
  span: Span;
  markdown: string;
}

export interface HoverInput {
  text: string;
  offset: number;
  tree: YamlValue;
  layout: Layout;
  repository?: Repository;
  searches: readonly LintedSearch[];
}

const FIELDS_SHOWN = 40;
const EXAMPLE_SHOWN = 600;

export function detectionHover(input: HoverInput): DetectionHover | undefined {
  const found = valueAt(input.tree, input.offset);
  if (!found) return undefined;
  const { entry, value } = found;
  const path = found.path;
  const keys = path.filter((p): p is string => typeof p === 'string');
  if (entry && input.offset >= entry.keySpan.start && input.offset <= entry.keySpan.end) {
    const spec = specAt(keys, input.layout);
    return spec ? { span: entry.keySpan, markdown: `**${spec.key}**${spec.required ? ' (required)' : ''}: ${spec.doc}` } : undefined;
  }
  if (value?.kind !== 'scalar' || typeof value.value !== 'string') return undefined;
  const where = keys.join('.');
  if (where === 'data_source') return dataSourceHover(input, value.span);
  if (where === 'tags.analytic_story') {
    const story = input.repository?.story(value.value.trim());
    if (!story) return undefined;
    return { span: value.span, markdown: [`**${story.name}** (analytic story)`, '', story.description ?? '', story.narrative ? `\n${story.narrative}` : ''].join('\n').trim() };
  }
  if (where === 'tags.mitre_attack_id') {
    const technique = input.repository?.attack?.techniques.get(value.value.trim());
    if (!technique) return undefined;
    const tactics = technique.tactics.length > 0 ? `\n\nTactics: ${technique.tactics.join(', ')}` : '';
    return { span: value.span, markdown: `**${technique.id}** ${technique.name}${technique.retired ? ' (revoked or deprecated)' : ''}${tactics}` };
  }
  if (where === 'tags.message' || where === 'rba.message') return tokenHover(input, value.value, value.span);
  return undefined;
}

function dataSourceHover(input: HoverInput, scalarSpan: Span): DetectionHover | undefined {
  const reference = dataSourceReferences(input.text, input.tree).find(
    (r) => r.span.start >= scalarSpan.start && r.span.end <= scalarSpan.end && input.offset >= r.span.start && input.offset <= r.span.end,
  );
  const source = reference && input.repository?.dataSource(reference.name);
  if (!reference || !source) return undefined;
  const lines = [`**${source.name}** (data source)`, ''];
  if (source.description) lines.push(source.description, '');
  lines.push(`- source: \`${source.source ?? '?'}\``, `- sourcetype: \`${source.sourcetype ?? '?'}\``);
  if (source.fields.length > 0) {
    const shown = source.fields.slice(0, FIELDS_SHOWN).map((f) => `\`${f}\``).join(', ');
    lines.push(`- fields: ${shown}${source.fields.length > FIELDS_SHOWN ? ` and ${source.fields.length - FIELDS_SHOWN} more` : ''}`);
  }
  if (source.exampleLog) {
    const example = source.exampleLog.length > EXAMPLE_SHOWN ? `${source.exampleLog.slice(0, EXAMPLE_SHOWN)}…` : source.exampleLog;
    lines.push('', 'Example event:', '', '```', example.replace(/```/g, '` ` `'), '```');
  }
  return { span: reference.span, markdown: lines.join('\n') };
}

function tokenHover(input: HoverInput, message: string, span: Span): DetectionHover | undefined {
  const tokens = dollarTokens(message);
  const spans = locateInScalar(input.text, span, tokens.map((t) => t.raw));
  const index = spans.findIndex((at) => input.offset >= at.start && input.offset <= at.end && at !== span);
  if (index < 0) return undefined;
  const name = tokens[index].name;
  const origin = fieldOrigin(input.searches, name);
  const text =
    origin === undefined
      ? `\`${name}\`: the search's results cannot be followed to the end (a command whose output fields are not known), so where it comes from is not known.`
      : origin === null
        ? `\`${name}\` is not a field of the search's results: the message will show the token as written.`
        : `\`${name}\` comes from \`${origin}\`.`;
  return { span: spans[index], markdown: text };
}

/**
 * The command of the detection's search that last produced `field` (its text, shortened); null when
 * the final results certainly lack it, undefined when the field flow cannot tell.
 */
export function fieldOrigin(searches: readonly LintedSearch[], field: string): string | null | undefined {
  const main = searches.find((s) => s.search.role === 'search');
  const parse = main && lintableParse(main);
  if (!main || !parse) return undefined;
  const text = parse !== main.parse && main.expansion ? main.expansion.text : main.search.text;
  let set: FieldSet = UNKNOWN;
  let origin: string | undefined;
  for (const stage of parse.ast.stages) {
    const before = set;
    set = applyStage(stage, set);
    const had = before.kind === 'known' && hasField(before, field);
    if (set.kind === 'known' && hasField(set, field) && (!had || set.producer.span === stage.span)) origin = shorten(text.slice(stage.span.start, stage.span.end));
    if (set.kind === 'known' && !hasField(set, field)) origin = undefined;
  }
  if (set.kind !== 'known') return undefined;
  return hasField(set, field) ? origin : null;
}

function shorten(command: string): string {
  const flat = command.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
