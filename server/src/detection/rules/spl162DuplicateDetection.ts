/**
 * SPL162 duplicate-detection: an `id` or `name` another detection of the repository also has. Each
 * copy gets the finding, with the other copies as related locations.
 */
import { relative } from 'node:path';
import type { DocumentRule } from '../../lint/rule';
import { entryOf } from '../../workspace/yamlTree';
import type { DetectionIdentity } from '../contentIndex';
import { detectionFacts } from '../ruleSupport';

export const duplicateDetection: DocumentRule = {
  meta: {
    id: 'SPL162',
    name: 'duplicate-detection',
    defaultSeverity: 'error',
    outsideSearches: true,
    fixable: false,
    messages: {
      id: 'Another detection has the id `{{value}}`: {{others}}. Each detection needs its own UUID.',
      name: 'Another detection has the name `{{value}}`: {{others}}. Names must be unique.',
    },
    doc: {
      what:
        'A detection whose `id` (compared without case) or `name` (compared without case) is also the `id` or `name` of ' +
        'another detection file in the repository. Every copy is reported at its value, with the other copies as related ' +
        'locations. Copying a detection to start a new one and forgetting to change them is the usual cause.',
      why:
        'contentctl indexes all content by name and by id and refuses a repository where two objects share one ' +
        '(splunk/contentctl `contentctl/input/director.py` addContentToDictMappings; ' +
        '`contentctl/objects/abstract_security_content_objects/security_content_object_abstract.py` maps names to ' +
        'objects). In Splunk the name becomes the saved search\'s stanza (`ESCU - <name> - Rule`): two detections with one ' +
        'name overwrite each other; the id is how content updates recognise a detection across releases.',
      example: '```yaml\n# detections/endpoint/windows_net_share_copy.yml\nname: Windows Net Share\nid: 4dc3951f-b3f8-4f46-b412-76a483f72277\n```',
      useInstead: '```yaml\n# detections/endpoint/windows_net_share_enumeration.yml\nname: Windows Net Share Enumeration\nid: 9d2a4c8e-5f1b-4e3a-8c7d-2b6f0e1a3c59\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    const repository = facts?.repository;
    if (!facts || !repository) return;
    for (const key of ['id', 'name'] as const) {
      const value = entryOf(facts.tree, key)?.value;
      if (value?.kind !== 'scalar' || typeof value.value !== 'string' || value.value.trim() === '') continue;
      const found = key === 'id' ? repository.detectionsWithId(value.value) : repository.detectionsWithName(value.value);
      const others = found.filter((d) => d.path !== facts.path);
      if (others.length === 0) continue;
      context.report({
        span: value.span,
        messageId: key,
        data: { value: value.value, others: others.map((o) => describe(o, facts.path)).join(', ') },
        related: others.flatMap((o) => {
          const at = o[key];
          return at ? [{ file: o.path, span: at.span, message: `the same ${key} in ${describe(o, facts.path)}` }] : [];
        }),
      });
    }
  },
};

function describe(other: DetectionIdentity, from: string): string {
  const path = relative(from.replace(/[\\/][^\\/]*$/, ''), other.path);
  return `\`${path}\``;
}
