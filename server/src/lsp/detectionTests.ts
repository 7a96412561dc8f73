// `splDetect/listTests`: the detections with a tests section, for the editor's Test Explorer. Read by
// a line scan (testing/testList.ts), not by parsing every detection: the list is asked for as soon as
// the Testing view opens, and the full reader would take seconds on a large repository.
import { scanDetectionTests } from '../testing/testList';
import { LineIndex } from '../text/lineIndex';
import { classifyPath } from '../workspace/documents';
import type { ServerContext } from './context';
import type { DetectionTestItem } from './protocol';
import { pathToUri } from './uris';

export function detectionTests(context: ServerContext): DetectionTestItem[] {
  const project = context.analyses.workspace(context.documents.all());
  const items: DetectionTestItem[] = [];
  for (const path of project.paths) {
    const text = project.text(path);
    if (text === undefined || classifyPath(path) !== 'detection' || !/^tests:/m.test(text)) continue;
    const scanned = scanDetectionTests(text);
    if (scanned) {
      items.push({ uri: pathToUri(path), name: scanned.name ?? path, line: scanned.line, tests: scanned.testNames.length, testNames: scanned.testNames });
      continue;
    }
    // A layout the scan does not read: the full reader decides.
    const detection = project.document(path)?.detection;
    if (!detection || detection.tests.length === 0) continue;
    const key = detection.keys.tests ?? detection.keys.search;
    const line = key ? new LineIndex(text).positionAt(key.start).line : 0;
    items.push({ uri: pathToUri(path), name: detection.name ?? path, line, tests: detection.tests.length, testNames: detection.tests.map((test, i) => test.name ?? `tests[${i}]`) });
  }
  return items.sort((a, b) => a.uri.localeCompare(b.uri));
}
