/**
 * SPL154 detection-name: a name longer than contentctl accepts, and a file not named after the
 * detection (quick fix: rename the file). The filter macro named after it is SPL150's.
 */
import { basename, dirname, join } from 'node:path';
import type { DocumentRule } from '../../lint/rule';
import { contentStem } from '../../macros/builtins';
import { entryOf } from '../../workspace/yamlTree';
import { MAX_NAME_LENGTH } from '../enums';
import { detectionFacts } from '../ruleSupport';

export const detectionName: DocumentRule = {
  meta: {
    id: 'SPL154',
    name: 'detection-name',
    defaultSeverity: 'error',
    outsideSearches: true,
    fixable: true,
    messages: {
      tooLong:
        'The name has {{length}} characters; contentctl accepts at most {{max}} (Enterprise Security saves the search as ' +
        '"<domain> - ESCU - <name> - Rule" within 99 characters).',
      fileName: 'The file is `{{actual}}`, but contentctl requires the name in lower snake case: `{{expected}}`.',
    },
    doc: {
      what:
        `A detection whose \`name\` is longer than ${MAX_NAME_LENGTH} characters, and a detection whose file is not named after ` +
        'it: the name lower-cased, each space, `-`, `.` and `/` replaced by `_`, with `.yml` (`Windows Net Share` -> ' +
        '`windows_net_share.yml`). Both are reported at the `name:` value; the quick fix for the second renames the file.',
      why:
        'contentctl refuses both. The length comes from splunk/contentctl `contentctl/objects/constants.py` ' +
        '(CONTENTCTL_MAX_SEARCH_NAME_LENGTH: Enterprise Security\'s 99-character limit on a saved search\'s name, less what ' +
        'ESCU and ES add around the name) applied in `detection_abstract.py`; the file name rule is ' +
        '`security_content_object_abstract.py` ensureFileNameMatchesSearchName (contentNameToFileName). Renaming the ' +
        'detection without renaming the file is the usual way to get there.',
      example: '```yaml\n# detections/endpoint/net_share.yml\nname: Windows Net Share Discovery\n```',
      useInstead: '```yaml\n# detections/endpoint/windows_net_share_discovery.yml\nname: Windows Net Share Discovery\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    const value = entryOf(facts?.tree, 'name')?.value;
    if (!facts || value?.kind !== 'scalar' || typeof value.value !== 'string' || value.value.trim() === '') return;
    const name = value.value;
    const length = [...name].length;
    if (length > MAX_NAME_LENGTH) context.report({ span: value.span, messageId: 'tooLong', data: { length, max: MAX_NAME_LENGTH } });
    const actual = basename(facts.path);
    const expected = `${contentStem(name)}.yml`;
    if (actual === expected) return;
    const renameTo = join(dirname(facts.path), expected);
    context.report({
      span: value.span,
      messageId: 'fileName',
      data: { actual, expected },
      fix: { title: `Rename the file to ${expected}`, edits: [], renameTo },
    });
  },
};
