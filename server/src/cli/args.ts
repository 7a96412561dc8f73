/** A tiny argument parser: `--flag value`, `--flag=value`, boolean flags, and positionals. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export class UsageError extends Error {}

export interface ArgSpec {
  /** Options that take a value; may repeat. */
  valued: string[];
  /** Options without a value. */
  booleans: string[];
}

export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      parsed.flags.add(name);
    } else if (spec.valued.includes(name)) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      const values = parsed.options.get(name) ?? [];
      values.push(value);
      parsed.options.set(name, values);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return parsed;
}

/** The last value of an option, checked against the allowed choices. */
export function choice<T extends string>(parsed: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const values = parsed.options.get(name);
  if (!values) return fallback;
  const value = values[values.length - 1];
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got '${value}'`);
  }
  return value as T;
}
