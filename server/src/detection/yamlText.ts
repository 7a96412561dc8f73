import type { YamlScalar } from '../workspace/yamlTree';

/**
 * `value` written as a YAML scalar in place of `old`, keeping its quoting where it can: a plain
 * scalar stays plain unless the new text would be read differently, then it gets single quotes.
 */
export function scalarReplacement(old: Pick<YamlScalar, 'style'>, value: string): string {
  if (old.style === 'double') return JSON.stringify(value);
  if (old.style === 'single' || needsQuotes(value)) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** Whether a plain scalar with this text would not read back as this string. */
export function needsQuotes(value: string): boolean {
  if (value === '' || value !== value.trim()) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return true;
  if (/: |\s#|:$/.test(value)) return true;
  // Numbers, booleans, null and dates would come back as another type.
  return /^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan))$/i.test(value);
}
