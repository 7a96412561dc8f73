/**
 * The editor's questions about a detection file, answered from the Project: completion and hover at
 * an offset (lsp/completion.ts and lsp/hover.ts adapt them to LSP).
 */
import type { Project } from '../workspace/project';
import { valueAt } from '../workspace/yamlTree';
import { detectionCompletions, type DetectionCompletion } from './completion';
import { detectionHover, type DetectionHover } from './hover';
import { layoutOf } from './layout';
import { resultFields } from './ruleSupport';

/** Completion in a detection file, outside its searches and multi-line values. */
export function detectionCompletionsAt(project: Project, path: string, offset: number): DetectionCompletion | undefined {
  const document = project.document(path);
  if (document?.kind !== 'detection') return undefined;
  // Inside a search the SPL features answer; inside a value written over several lines, no key is typed.
  if (document.searches.some((s) => offset > s.fileSpan.start && offset < s.fileSpan.end)) return undefined;
  const tree = document.detection?.tree;
  const at = tree && valueAt(tree, offset);
  if (at?.value?.kind === 'scalar' && at.value.span.start < offset && document.text.slice(at.value.span.start, offset).includes('\n')) return undefined;
  const analysis = project.analyze(path);
  return detectionCompletions({
    text: document.text,
    offset,
    layout: layoutOf(tree, project.content.layout),
    repository: project.content,
    ...(analysis ? { resultFields: resultFields(analysis.searches) } : {}),
  });
}

/** Hover on a detection file's keys, data source and story names, message tokens and ATT&CK ids. */
export function detectionHoverAt(project: Project, path: string, offset: number): DetectionHover | undefined {
  const document = project.document(path);
  const tree = document?.detection?.tree;
  if (document?.kind !== 'detection' || !tree) return undefined;
  const analysis = project.analyze(path);
  return detectionHover({ text: document.text, offset, tree, layout: layoutOf(tree, project.content.layout), repository: project.content, searches: analysis?.searches ?? [] });
}
