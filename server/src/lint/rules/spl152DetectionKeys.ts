/**
 * SPL152 detection-keys: a detection YAML without `name`, `id` or `search` (or with one of them
 * empty). Reported at the top of the file for a missing key, at the key for an empty one.
 */
import type { DocumentRule } from '../rule';

const REQUIRED = ['name', 'id', 'search'] as const;

const PURPOSE: Record<(typeof REQUIRED)[number], string> = {
  name: 'contentctl derives the saved search and the filter macro from it',
  id: 'the UUID that identifies the detection across releases',
  search: 'the SPL the detection runs',
};

export const detectionKeys: DocumentRule = {
  meta: {
    id: 'SPL152',
    name: 'detection-keys',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      missing: 'The detection has no `{{key}}:` ({{purpose}}).',
      empty: '`{{key}}:` is empty ({{purpose}}).',
    },
    doc: {
      what:
        'A detection YAML (`detections/**/*.yml`) that lacks one of the keys `name`, `id` and `search`, or leaves one empty. ' +
        'A missing key is reported at the top of the file, an empty one at its key. Files that are not a YAML mapping get ' +
        'their own DOC diagnostics instead.',
      why:
        'contentctl refuses to build a detection without them: `name` gives the saved search its title and derives the ' +
        'filter macro (`<name>_filter`), `id` is the UUID that tracks the detection across releases, and `search` is what ' +
        'runs. Every detection of security_content has all three.',
      example: '```spl\n| tstats count from datamodel=Endpoint.Processes by Processes.dest\n```\n(in a file with `search:` but no `name:` or `id:`)',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes by Processes.dest | `my_detection_filter`\n```\n' +
        'with `name: My Detection` and `id:` set to a new UUID at the top of the file.',
    },
  },
  checkDocument(context) {
    const { document } = context;
    const detection = document.detection;
    if (document.kind !== 'detection' || !detection || Object.keys(detection.keys).length === 0) return;
    const firstLineEnd = document.text.search(/\r?\n|$/);
    for (const key of REQUIRED) {
      const keySpan = detection.keys[key];
      if (!keySpan) {
        context.report({ span: { start: 0, end: Math.max(0, firstLineEnd) }, messageId: 'missing', data: { key, purpose: PURPOSE[key] } });
        continue;
      }
      if (key === 'search') {
        // A search: that is empty or not a string already has its DOC diagnostic; only a blank string is left.
        const text = context.searches.find((s) => s.search.role === 'search')?.search.text;
        if (text !== undefined && text.trim() === '') context.report({ span: keySpan, messageId: 'empty', data: { key, purpose: PURPOSE[key] } });
        continue;
      }
      const value = key === 'name' ? detection.name : detection.id;
      if (value === undefined || value.trim() === '') {
        context.report({ span: keySpan, messageId: 'empty', data: { key, purpose: PURPOSE[key] } });
      }
    }
  },
};
