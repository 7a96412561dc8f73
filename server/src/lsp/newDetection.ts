import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYTICS_TYPES } from '../detection/enums';
import { DETECTION_KINDS, detectionFileName, detectionSkeleton, nameProblem, type AnalyticsType } from '../detection/skeleton';
import { utcToday } from '../lint/engine';
import type { ServerContext } from './context';
import type { NewDetectionParams, NewDetectionResult } from './protocol';
import { pathToUri, uriToPath } from './uris';

/** The skeleton `spl-detect new` writes, for the editor command; a bad request gets a sentence, not a throw. */
export function newDetection(context: ServerContext, params: NewDetectionParams): NewDetectionResult {
  const name = typeof params?.name === 'string' ? params.name : '';
  const problem = nameProblem(name);
  if (problem) return { error: `Cannot create the detection: ${problem}.` };
  if (!(ANALYTICS_TYPES as readonly string[]).includes(params.type)) return { error: `Unknown detection type ${JSON.stringify(params.type)}.` };
  if (!(DETECTION_KINDS as readonly string[]).includes(params.kind)) return { error: `Unknown detections folder ${JSON.stringify(params.kind)}.` };
  const folder = (typeof params.folderUri === 'string' ? uriToPath(params.folderUri) : undefined) ?? context.analyses.roots[0];
  if (!folder) return { error: 'Open a folder (a content repository) to create a detection in.' };
  const path = join(folder, 'detections', params.kind, detectionFileName(name));
  if (existsSync(path)) return { error: `${path} exists already.` };
  const project = context.analyses.workspace(context.documents.all());
  const text = detectionSkeleton({ name, type: params.type as AnalyticsType, id: randomUUID(), date: utcToday(), layout: project.content.layout, repository: project.content });
  return { uri: pathToUri(path), text };
}
