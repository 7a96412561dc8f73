// The detections a hunt runs: every detection YAML (and .spl file) of the project under the folders
// named, with what the hunt's report and timeline show of each (name, status, risk score, message).
import { basename, isAbsolute, relative } from 'node:path';
import type { Project } from '../workspace/project';
import { fastStatus } from '../workspace/fastStatus';
import { entryOf, type YamlValue } from '../workspace/yamlTree';

export interface HuntDetection {
  path: string;
  name: string;
  deprecated: boolean;
  /** `tags.risk_score` (ESCU 4.x) or the largest `rba.risk_objects[].score` (contentctl 5). */
  riskScore?: number;
  /** `tags.message` or `rba.message`, with its `$field$` tokens. */
  riskMessage?: string;
}

/** The files under `folders` (or any of them is the file) that hold a runnable search, sorted by path. */
function pathsUnder(project: Project, folders: readonly string[]): string[] {
  return project.paths
    .filter((path) => folders.some((folder) => isInside(folder, path)))
    .filter((path) => {
      const kind = project.kind(path);
      return kind === 'detection' || kind === 'spl';
    })
    .sort();
}

/** Every detection under `folders`, deprecated ones included. */
export function detectionsUnder(project: Project, folders: readonly string[]): HuntDetection[] {
  return pathsUnder(project, folders).map((path) => describeDetection(project, path));
}

/**
 * The files of the detections a hunt runs (deprecated ones only when asked), without parsing their
 * YAML when their status can be read fast: a hunt on worker threads hands these out, and each
 * worker reads its share in full.
 */
export function huntedPaths(project: Project, folders: readonly string[], includeDeprecated = false): string[] {
  return pathsUnder(project, folders).filter((path) => includeDeprecated || !isDeprecated(project, path));
}

/** The detections a hunt runs: those under the folders, deprecated ones only when asked. */
export function huntedDetections(project: Project, folders: readonly string[], includeDeprecated = false): HuntDetection[] {
  return huntedPaths(project, folders, includeDeprecated).map((path) => describeDetection(project, path));
}

function isDeprecated(project: Project, path: string): boolean {
  if (project.kind(path) !== 'detection') return false;
  const text = project.text(path);
  const fast = text === undefined ? undefined : fastStatus(text);
  return isDeprecatedStatus(fast !== undefined ? fast : scalarAt(project.document(path)?.detection?.tree, ['status']));
}

function isDeprecatedStatus(status: string | number | boolean | null | undefined): boolean {
  return String(status ?? '').toLowerCase() === 'deprecated';
}

export function describeDetection(project: Project, path: string): HuntDetection {
  const document = project.document(path);
  const info = document?.detection;
  const tree = info?.tree;
  const status = scalarAt(tree, ['status']);
  const tagScore = scalarAt(tree, ['tags', 'risk_score']);
  const rbaScores = itemsAt(tree, ['rba', 'risk_objects']).map((item) => Number(scalarAt(item, ['score']))).filter((n) => Number.isFinite(n));
  const score = tagScore !== undefined && Number.isFinite(Number(tagScore)) ? Number(tagScore) : rbaScores.length > 0 ? Math.max(...rbaScores) : undefined;
  const message = scalarAt(tree, ['rba', 'message']) ?? scalarAt(tree, ['tags', 'message']);
  return {
    path,
    name: info?.name ?? basename(path),
    deprecated: isDeprecatedStatus(status),
    ...(score !== undefined ? { riskScore: score } : {}),
    ...(message !== undefined ? { riskMessage: String(message) } : {}),
  };
}

/** The value at `keys` down nested mappings (a repeated key counts at its last occurrence: entryOf). */
function valueAt(tree: YamlValue | null | undefined, keys: string[]): YamlValue | null | undefined {
  let node: YamlValue | null | undefined = tree;
  for (const key of keys) node = entryOf(node, key)?.value;
  return node;
}

function scalarAt(tree: YamlValue | null | undefined, keys: string[]): string | number | boolean | undefined {
  const node = valueAt(tree, keys);
  return node?.kind === 'scalar' && node.value !== null ? node.value : undefined;
}

function itemsAt(tree: YamlValue | null | undefined, keys: string[]): YamlValue[] {
  const node = valueAt(tree, keys);
  return node?.kind === 'sequence' ? node.items : [];
}

/** True for the folder itself or anything under it. */
function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
