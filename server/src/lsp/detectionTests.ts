// `splDetect/listTests`: the detections with a tests section, for the editor's Test Explorer.
import { LineIndex } from '../text/lineIndex';
import type { ServerContext } from './context';
import type { DetectionTestItem } from './protocol';
import { pathToUri } from './uris';

export function detectionTests(context: ServerContext): DetectionTestItem[] {
  const project = context.analyses.workspace(context.documents.all());
  const items: DetectionTestItem[] = [];
  for (const document of project.documents()) {
    const detection = document.detection;
    if (document.kind !== 'detection' || !detection || detection.tests.length === 0) continue;
    const key = detection.keys.tests ?? detection.keys.search;
    const line = key ? new LineIndex(document.text).positionAt(key.start).line : 0;
    items.push({ uri: pathToUri(document.path), name: detection.name ?? document.path, line, tests: detection.tests.length });
  }
  return items.sort((a, b) => a.uri.localeCompare(b.uri));
}
