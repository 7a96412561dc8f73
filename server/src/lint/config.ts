/**
 * Lint configuration: `{ "rules": { "SPL101": "off", "SPL102": "warning", "SPL103": ["error", { ... }] } }`,
 * read from `.spl-detect.json` at the workspace root (the LSP also passes VS Code settings). A rule may
 * be named by id or by name (`"wildcard-in-eval"`).
 */
import type { Severity } from '../text/diagnostic';
import type { RuleMeta } from './rule';

export type RuleLevel = 'off' | Severity;
export type RuleSetting = RuleLevel | [RuleLevel] | [RuleLevel, Record<string, unknown>];

export interface LintConfig {
  rules?: Record<string, RuleSetting>;
}

export const CONFIG_FILE_NAME = '.spl-detect.json';

const LEVELS: readonly RuleLevel[] = ['off', 'error', 'warning', 'information', 'hint'];

export interface ResolvedRule {
  enabled: boolean;
  /** Set when the configuration names a severity; it then replaces default and per-finding severities. */
  severity?: Severity;
  options: Record<string, unknown>;
}

/** How `meta`'s rule runs under `config`: configuration by id wins over configuration by name. */
export function resolveRule(config: LintConfig | undefined, meta: RuleMeta): ResolvedRule {
  const rules = config?.rules ?? {};
  const setting = rules[meta.id] ?? rules[meta.name];
  const defaults = { ...(meta.options ?? {}) };
  if (setting === undefined) return { enabled: true, options: defaults };
  const [level, options] = Array.isArray(setting) ? [setting[0], setting[1]] : [setting, undefined];
  if (level === 'off') return { enabled: false, options: defaults };
  return { enabled: true, severity: level, options: { ...defaults, ...(options ?? {}) } };
}

export interface ParsedConfig {
  config: LintConfig;
  /** What was ignored and why, for the user to see. */
  problems: string[];
}

/** Validates a configuration read from JSON; bad entries are dropped with a problem, never thrown. */
export function parseLintConfig(value: unknown, knownRules: readonly RuleMeta[] = []): ParsedConfig {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { config: {}, problems: ['the configuration must be a JSON object'] };
  }
  const rulesValue = (value as { rules?: unknown }).rules;
  if (rulesValue === undefined) return { config: {}, problems };
  if (typeof rulesValue !== 'object' || rulesValue === null || Array.isArray(rulesValue)) {
    return { config: {}, problems: ['"rules" must be an object mapping rule ids to settings'] };
  }
  const known = new Set(knownRules.flatMap((m) => [m.id, m.name]));
  const rules: Record<string, RuleSetting> = {};
  for (const [key, setting] of Object.entries(rulesValue as Record<string, unknown>)) {
    if (known.size > 0 && !known.has(key)) problems.push(`unknown rule "${key}"`);
    const parsed = parseSetting(setting);
    if (typeof parsed === 'string' && !LEVELS.includes(parsed as RuleLevel)) {
      problems.push(`rule "${key}": ${parsed}`);
      continue;
    }
    rules[key] = parsed as RuleSetting;
  }
  return { config: { rules }, problems };
}

/** A valid setting, or a string describing why it is not one (distinguished by LEVELS membership). */
function parseSetting(setting: unknown): RuleSetting | string {
  const levelProblem = `the level must be one of ${LEVELS.join(', ')}`;
  if (typeof setting === 'string') return LEVELS.includes(setting as RuleLevel) ? (setting as RuleLevel) : levelProblem;
  if (!Array.isArray(setting) || setting.length === 0 || setting.length > 2) {
    return 'a setting is a level or [level, options]';
  }
  const [level, options] = setting as unknown[];
  if (typeof level !== 'string' || !LEVELS.includes(level as RuleLevel)) return levelProblem;
  if (options === undefined) return [level as RuleLevel];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return 'options must be an object';
  return [level as RuleLevel, options as Record<string, unknown>];
}

/** Reads the text of a `.spl-detect.json`; a syntax error becomes a problem and an empty configuration. */
export function parseLintConfigText(text: string, knownRules: readonly RuleMeta[] = []): ParsedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { config: {}, problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  return parseLintConfig(value, knownRules);
}

/** `override`'s rule settings on top of `base`'s (e.g. the workspace file over editor settings). */
export function mergeLintConfigs(base: LintConfig | undefined, override: LintConfig | undefined): LintConfig {
  return { rules: { ...(base?.rules ?? {}), ...(override?.rules ?? {}) } };
}
