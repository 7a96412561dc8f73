// Which local log a detection runs on: its tests' attack_data URLs looked up in an
// `attack_data_map.json` (format in samples/README.md). Shared by `spl-detect run`, `spl-detect test`
// and the editor. A map is a workspace file: the log it names is read only inside the read scope.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { excerpt } from '../text/excerpt';
import type { ConfinedPath, ReadScope } from './confine';
import type { Project } from './project';
import { findWorkspaceRoot } from './root';

export type SampleLogLookup =
  | { found: true; log: string; mapFile: string; url: string }
  | { found: false; reason: string };

/**
 * The map files to consult for a detection, in order: those given (e.g. the editor's setting), then
 * `attack_data_map.json` in each root and in the detection's own workspace root.
 */
export function attackDataMapCandidates(detectionPath: string, roots: readonly string[], extraMaps: readonly string[] = []): string[] {
  const candidates = [...extraMaps, ...roots.map((root) => join(root, 'attack_data_map.json')), join(findWorkspaceRoot(detectionPath), 'attack_data_map.json')];
  return [...new Set(candidates.map((path) => resolve(path)))];
}

/** Every attack_data URL of the detection's tests, in file order. */
export function testDataUrls(project: Project, detectionPath: string): string[] {
  const tests = project.document(detectionPath)?.detection?.tests ?? [];
  return tests.flatMap((test) => test.attackData.map((data) => data.data).filter((url): url is string => typeof url === 'string' && url !== ''));
}

/**
 * The local copy of the detection's first test data file that a map names and that the scope lets
 * a run read. Never throws: a map that is not valid JSON, or an entry naming a file outside the
 * scope, is a reason, not an exception.
 */
export function findSampleLog(project: Project, detectionPath: string, mapFiles: readonly string[], scope: ReadScope): SampleLogLookup {
  const urls = testDataUrls(project, detectionPath);
  if (urls.length === 0) return { found: false, reason: 'the detection has no tests[].attack_data[].data URL' };
  const reasons: string[] = [];
  for (const mapFile of mapFiles) {
    if (!existsSync(mapFile)) continue;
    const files = readAttackDataMap(mapFile);
    if (typeof files === 'string') {
      reasons.push(files);
      continue;
    }
    for (const url of urls) {
      const entry = files[url]?.file;
      if (typeof entry !== 'string') continue;
      const log = mappedLog(mapFile, url, entry, scope);
      if (log.ok) return { found: true, log: log.path, mapFile, url };
      reasons.push(log.reason);
    }
  }
  if (reasons.length > 0) return { found: false, reason: reasons.join('; ') };
  const looked = mapFiles.filter((file) => existsSync(file));
  return {
    found: false,
    reason: looked.length === 0 ? 'no attack_data_map.json found' : `no entry for ${urls[0]} in ${looked.join(', ')}`,
  };
}

/**
 * The log a map entry names (relative to the map's folder), when the scope lets a run read it: inside
 * the workspace or a configured folder after links are resolved, and a regular file or a folder (of
 * .evtx files).
 */
export function mappedLog(mapFile: string, url: string, entry: string, scope: ReadScope): ConfinedPath {
  return scope.log(resolve(dirname(mapFile), entry), `${mapFile} maps ${excerpt(url, 120)} to a log that cannot be read`);
}

export type AttackDataMapFiles = Record<string, { file?: unknown } | undefined>;

/** The map's `files`, or why it cannot be read. */
export function readAttackDataMap(mapFile: string): AttackDataMapFiles | string {
  try {
    const parsed = JSON.parse(readFileSync(mapFile, 'utf8')) as { files?: unknown };
    const files = parsed?.files;
    if (files === null || typeof files !== 'object' || Array.isArray(files)) return `${mapFile} has no "files" object`;
    return files as AttackDataMapFiles;
  } catch (error) {
    return `${mapFile} is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** The default map location, relative to a workspace folder (the `splDetect.attackDataMap` setting's default). */
export const DEFAULT_ATTACK_DATA_MAP = join('samples', 'attack_data_map.json');
