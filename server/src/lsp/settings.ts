import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { mergeLintConfigs, parseLintConfig, type LintConfig } from '../lint/config';
import { rules as lintRules } from '../lint/registry';
import type { ServerContext, ServerLog } from './context';
import { DEFAULT_ATTACK_DATA_MAP } from '../workspace/sampleLog';
import { SETTINGS_SECTION, type RunSettings, type SplDetectSettings } from './protocol';
import { pathToUri } from './uris';

/** The `splDetect` section as one workspace folder sees it (root undefined: no workspace folder). */
export interface ScopedSettings {
  root: string | undefined;
  section: unknown;
}

/**
 * The `splDetect` section of every workspace folder. Pulled with workspace/configuration when the
 * client supports it (so folder-level settings apply), else taken from the didChangeConfiguration
 * payload.
 */
export async function readSettings(connection: Connection, context: ServerContext, roots: readonly string[], pushed: unknown): Promise<ScopedSettings[]> {
  const scopes = roots.length > 0 ? roots : [undefined];
  const sections: unknown[] = context.client.configuration
    ? await connection.workspace.getConfiguration(scopes.map((root) => ({ section: SETTINGS_SECTION, ...(root ? { scopeUri: pathToUri(root) } : {}) })))
    : scopes.map(() => (pushed as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION]);
  return scopes.map((root, i) => ({ root, section: sections[i] }));
}

/** The extra macro folders of `splDetect.macroFolders`, each resolved against the folder whose setting names it. */
export function macroFoldersOf(settings: readonly ScopedSettings[], log: ServerLog): string[] {
  const folders = new Set<string>();
  for (const { root, section } of settings) {
    const value = (section as SplDetectSettings | null | undefined)?.macroFolders;
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      log.warn(`${SETTINGS_SECTION}.macroFolders must be a list of folder paths`);
      continue;
    }
    for (const folder of value) {
      if (typeof folder !== 'string' || folder.trim() === '' || (!root && !isAbsolute(folder))) {
        log.warn(`${SETTINGS_SECTION}.macroFolders: ignoring ${JSON.stringify(folder)} (a folder path, relative to the workspace folder)`);
        continue;
      }
      const path = resolve(root ?? '', folder);
      if (!existsSync(path)) log.warn(`${SETTINGS_SECTION}.macroFolders: ${path} does not exist`);
      folders.add(path);
    }
  }
  return [...folders];
}

/** `splDetect.attackBundle` of the first folder that sets it, as an absolute path; undefined when none does. */
export function attackBundleOf(settings: readonly ScopedSettings[], log: ServerLog): string | undefined {
  for (const { root, section } of settings) {
    const value = (section as SplDetectSettings | null | undefined)?.attackBundle;
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || (!root && !isAbsolute(value))) {
      log.warn(`${SETTINGS_SECTION}.attackBundle: ignoring ${JSON.stringify(value)} (a file path, relative to the workspace folder)`);
      continue;
    }
    return resolve(root ?? '', value.trim());
  }
  return undefined;
}

/** `splDetect.lint.*` as VS Code nests it inside the section. */
interface LintSection {
  enable?: unknown;
  rules?: unknown;
}

export interface LintSettings {
  /** `splDetect.lint.enable`: false turns every lint rule off. */
  enabled: boolean;
  /** `splDetect.lint.rules`, the valid entries only. */
  config: LintConfig;
  /** What was ignored and why, one sentence each. */
  problems: string[];
}

/**
 * `splDetect.lint.enable` and `splDetect.lint.rules`. The project has one lint configuration for all
 * its folders, so with several folders the first folder's value of a setting wins.
 */
export function lintSettingsOf(settings: readonly ScopedSettings[]): LintSettings {
  const problems = new Set<string>();
  let enabled: boolean | undefined;
  let config: LintConfig = {};
  for (const { section } of [...settings].reverse()) {
    const lint = (section as { lint?: unknown } | null | undefined)?.lint;
    if (lint === undefined || lint === null) continue;
    if (typeof lint !== 'object' || Array.isArray(lint)) {
      problems.add(`${SETTINGS_SECTION}.lint must be an object`);
      continue;
    }
    const { enable, rules } = lint as LintSection;
    if (typeof enable === 'boolean') enabled = enable;
    else if (enable !== undefined && enable !== null) problems.add(`${SETTINGS_SECTION}.lint.enable must be true or false (got ${JSON.stringify(enable)})`);
    if (rules === undefined || rules === null) continue;
    const parsed = parseLintConfig({ rules }, lintRules.map((rule) => rule.meta));
    for (const problem of parsed.problems) problems.add(`${SETTINGS_SECTION}.lint.rules: ${problem}`);
    config = mergeLintConfigs(config, parsed.config);
  }
  return { enabled: enabled ?? true, config, problems: [...problems] };
}

/**
 * The configuration lint runs with: the editor's rule settings over the workspace's
 * `.spl-detect.json`; undefined turns lint off. Both are keyed by rule id first, so a setting that
 * names a rule by name still wins over the file naming it by id.
 */
export function effectiveLintConfig(lint: LintSettings, workspaceFile: LintConfig | undefined): LintConfig | undefined {
  return lint.enabled ? mergeLintConfigs(keyedById(workspaceFile), keyedById(lint.config)) : undefined;
}

/** Rule names replaced by ids; when a configuration names a rule both ways the id's setting stays, as in resolveRule. */
function keyedById(config: LintConfig | undefined): LintConfig {
  const idOfName = new Map(lintRules.map((rule) => [rule.meta.name, rule.meta.id]));
  const entries = Object.entries(config?.rules ?? {});
  const byName = entries.filter(([key]) => idOfName.has(key)).map(([key, setting]) => [idOfName.get(key)!, setting] as const);
  const byIdOrUnknown = entries.filter(([key]) => !idOfName.has(key));
  return { rules: Object.fromEntries([...byName, ...byIdOrUnknown]) };
}

/** The run settings of one workspace folder, validated; paths made absolute against the folder. */
export interface ResolvedRunSettings {
  /** `splDetect.attackDataMap` (default samples/attack_data_map.json) as an absolute path, when there is a folder. */
  attackDataMap: string | undefined;
  /** `splDetect.maxEvents`, when set to a positive whole number. */
  maxEvents: number | undefined;
  /** `splDetect.huntMaxBufferedRows`, when set to a positive whole number. */
  huntMaxBufferedRows: number | undefined;
  /** `splDetect.geoipDatabase` as an absolute path, when set. */
  geoipDatabase: string | undefined;
  /**
   * The folders the settings name, absolute: `sampleFolders`, the attackDataMap's folder and
   * `macroFolders`. A run may read files inside them besides the workspace's.
   */
  folders: string[];
  /** `splDetect.attackDataCheckout`, absolute, when set. */
  attackDataCheckout: string | undefined;
  /** `splDetect.attackDataCache`, absolute, when set. */
  attackDataCache: string | undefined;
  /** `splDetect.offline`. */
  offline: boolean;
}

/** A count setting: a positive whole number, else undefined (and logged when set to something else). */
function positiveWhole(value: unknown, name: string, log: ServerLog): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (value !== undefined && value !== null) log.warn(`${SETTINGS_SECTION}.${name} must be a positive whole number`);
  return undefined;
}

/** A path setting made absolute against the workspace folder; undefined when unset or not a path (logged). */
function pathSetting(value: unknown, name: string, root: string | undefined, log: ServerLog): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    log.warn(`${SETTINGS_SECTION}.${name} must be a folder path`);
    return undefined;
  }
  const given = value.trim();
  return isAbsolute(given) ? given : root ? resolve(root, given) : undefined;
}

export function runSettingsOf(section: unknown, root: string | undefined, log: ServerLog): ResolvedRunSettings {
  const settings = (section ?? {}) as RunSettings;
  let map = DEFAULT_ATTACK_DATA_MAP;
  if (typeof settings.attackDataMap === 'string' && settings.attackDataMap.trim() !== '') map = settings.attackDataMap;
  else if (settings.attackDataMap !== undefined && settings.attackDataMap !== null) log.warn(`${SETTINGS_SECTION}.attackDataMap must be a file path`);
  const attackDataMap = isAbsolute(map) ? map : root ? resolve(root, map) : undefined;
  const maxEvents = positiveWhole(settings.maxEvents, 'maxEvents', log);
  const huntMaxBufferedRows = positiveWhole(settings.huntMaxBufferedRows, 'huntMaxBufferedRows', log);
  let geoipDatabase: string | undefined;
  if (typeof settings.geoipDatabase === 'string' && settings.geoipDatabase.trim() !== '') {
    const given = settings.geoipDatabase.trim();
    geoipDatabase = isAbsolute(given) ? given : root ? resolve(root, given) : undefined;
  } else if (settings.geoipDatabase !== undefined && settings.geoipDatabase !== null && settings.geoipDatabase !== '') {
    log.warn(`${SETTINGS_SECTION}.geoipDatabase must be a file path`);
  }
  const folders = [...foldersOf(settings.sampleFolders, root), ...(attackDataMap ? [dirname(attackDataMap)] : []), ...macroFoldersOf([{ root, section }], QUIET)];
  const attackDataCheckout = pathSetting(settings.attackDataCheckout, 'attackDataCheckout', root, log);
  const attackDataCache = pathSetting(settings.attackDataCache, 'attackDataCache', root, log);
  if (settings.offline !== undefined && settings.offline !== null && typeof settings.offline !== 'boolean') log.warn(`${SETTINGS_SECTION}.offline must be true or false`);
  return { attackDataMap, maxEvents, huntMaxBufferedRows, geoipDatabase, folders, attackDataCheckout, attackDataCache, offline: settings.offline === true };
}

/** macroFolders' problems are logged when the workspace loads, not again at every run. */
const QUIET: ServerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** `splDetect.sampleFolders` made absolute against the workspace folder (entries that are not paths are left out). */
function foldersOf(value: unknown, root: string | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((folder): folder is string => typeof folder === 'string' && folder.trim() !== '' && (root !== undefined || isAbsolute(folder))).map((folder) => resolve(root ?? '', folder));
}
