/**
 * A JSON Schema of the detection document, generated from the model (model.ts) for editors and tools
 * that validate YAML with schemas. It says what the model says about each key (type, required, values,
 * bounds, formats as patterns, doc as description); what needs the repository or the search (names of
 * data sources and stories, result fields, the date not in the future) stays with the rules.
 */
import { ATTACK_ID, CVE_ID } from './enums';
import { DETECTION_MODEL, keysIn, LAYOUT_NAMES, type KeySpec, type Layout, type Shape, type StringFormat } from './model';

type Schema = Record<string, unknown>;

const PATTERNS: Record<StringFormat, string> = {
  uuid: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  url: '^https?://\\S+$',
  'url-or-path': '\\S',
  'attack-id': ATTACK_ID.source,
  cve: CVE_ID.source,
};

/** The schema of a detection in one layout (draft-07, which most YAML tools read). */
export function detectionJsonSchema(layout: Layout): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://spl-detection-workbench/schemas/detection.${layout}.schema.json`,
    title: `Splunk detection (${LAYOUT_NAMES[layout]} layout)`,
    description: 'Generated from server/src/detection/model.ts by test/detection/jsonSchema.test.ts; do not edit by hand.',
    ...mappingSchema(DETECTION_MODEL, layout),
  };
}

function mappingSchema(keys: readonly KeySpec[], layout: Layout): Schema {
  const specs = keysIn(keys, layout);
  const required = specs.filter((s) => s.required).map((s) => s.key);
  return {
    type: 'object',
    properties: Object.fromEntries(specs.map((spec) => [spec.key, { description: spec.doc, ...shapeSchema(spec.shape, layout) }])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function shapeSchema(shape: Shape, layout: Layout): Schema {
  switch (shape.kind) {
    case 'string':
      return {
        type: 'string',
        ...(shape.minLength !== undefined ? { minLength: shape.minLength } : {}),
        ...(shape.maxLength !== undefined ? { maxLength: shape.maxLength } : {}),
        ...(shape.format ? { pattern: PATTERNS[shape.format] } : {}),
      };
    case 'integer':
      return { type: 'integer', ...(shape.min !== undefined ? { minimum: shape.min } : {}), ...(shape.max !== undefined ? { maximum: shape.max } : {}) };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { enum: [...shape.values] };
    case 'list':
      return { type: 'array', items: shapeSchema(shape.item, layout), ...(shape.minItems !== undefined ? { minItems: shape.minItems } : {}) };
    case 'mapping':
      return mappingSchema(shape.keys, layout);
    case 'any':
      return {};
  }
}
