/**
 * SPL156 unknown-story: a `tags.analytic_story` entry that names no `stories/*.yml` of the
 * repository (closest names and a quick fix), and a story listed twice. Said only in a repository
 * that has stories at all.
 */
import type { DocumentRule } from '../../lint/rule';
import { storyReferences, suggestionFor } from '../references';
import { detectionFacts } from '../ruleSupport';
import { isPlaceholder } from '../validate';

export const unknownStory: DocumentRule = {
  meta: {
    id: 'SPL156',
    name: 'unknown-story',
    defaultSeverity: 'error',
    outsideSearches: true,
    fixable: true,
    messages: {
      unknown: '`{{name}}` is not the name of an analytic story in `stories/`{{suggestion}}.',
      duplicate: '`{{name}}` is listed twice in `tags.analytic_story`; contentctl rejects duplicates.',
    },
    doc: {
      what:
        'An entry of a detection\'s `tags.analytic_story` that is not the `name:` of any `stories/*.yml` file of the ' +
        'repository (up to three similar names are suggested; the quick fix writes the closest), and a story listed twice. ' +
        'Nothing is reported in a repository without `stories/` files.',
      why:
        'contentctl maps every story name to a Story object and fails the build when one is missing or repeated ' +
        '(splunk/contentctl `contentctl/objects/detection_tags.py` mapStoryNamesToStoryObjects, ' +
        '`security_content_object_abstract.py` mapNamesToSecurityContentObjects, `story.py`). The story is how Enterprise ' +
        'Security\'s Use Case Library and the research site group detections.',
      example: '```yaml\ntags:\n  analytic_story:\n  - Windows Discovery Technique\n```',
      useInstead: '```yaml\ntags:\n  analytic_story:\n  - Windows Discovery Techniques\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    const known = facts?.repository?.names('story') ?? [];
    if (!facts || known.length === 0) return;
    const seen = new Set<string>();
    for (const reference of storyReferences(facts.tree)) {
      if (seen.has(reference.name)) {
        context.report({ span: reference.span, messageId: 'duplicate', data: { name: reference.name } });
        continue;
      }
      seen.add(reference.name);
      // A placeholder (`UPDATE_STORY_NAME`) is SPL153's: it says what to do.
      if (facts.repository?.story(reference.name) || isPlaceholder(reference.name)) continue;
      const suggestion = suggestionFor(reference, known);
      context.report({ span: reference.span, messageId: 'unknown', data: { name: reference.name, suggestion: suggestion.text }, ...(suggestion.fix ? { fix: suggestion.fix } : {}) });
    }
  },
};
