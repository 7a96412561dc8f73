// A variant becomes an event again: the event's own text with the variant's fields rewritten in
// place, so the engine reads it exactly as it read the original (the same reader, add-on fields and
// CIM mapping). Windows XML events (<Data Name='X'>) and JSON events can be rewritten; other formats
// get a reason instead of a guess.

export type Rewritten = { ok: true; raw: string } | { ok: false; reason: string };

export function rewriteEvent(raw: string, changes: ReadonlyMap<string, string>): Rewritten {
  const start = raw.trimStart()[0];
  if (start === '<') return rewriteXml(raw, changes);
  if (start === '{') return rewriteJson(raw, changes);
  return { ok: false, reason: 'only Windows XML and JSON events can be rewritten into variants' };
}

function rewriteXml(raw: string, changes: ReadonlyMap<string, string>): Rewritten {
  let text = raw;
  for (const [name, value] of changes) {
    const data = new RegExp(`(<Data Name=(['"])${escapeRegex(name)}\\2>)([^<]*)(</Data>)`);
    if (!data.test(text)) return { ok: false, reason: `the event has no <Data Name='${name}'> to rewrite` };
    text = text.replace(data, (_all, open: string, _quote: string, _old: string, close: string) => open + escapeXml(value) + close);
  }
  return { ok: true, raw: text };
}

function rewriteJson(raw: string, changes: ReadonlyMap<string, string>): Rewritten {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `the event is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  for (const [name, value] of changes) {
    if (!setPath(parsed, name.split('.'), value)) return { ok: false, reason: `the JSON event has no string field ${name} to rewrite` };
  }
  return { ok: true, raw: JSON.stringify(parsed) };
}

/** Sets a string at a top-level key or a dotted path of nested objects; false when there is none. */
function setPath(node: unknown, path: string[], value: string): boolean {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const record = node as Record<string, unknown>;
  const whole = path.join('.');
  if (typeof record[whole] === 'string') {
    record[whole] = value;
    return true;
  }
  for (let i = 1; i < path.length; i++) {
    const head = path.slice(0, i).join('.');
    if (head in record && setPath(record[head], path.slice(i), value)) return true;
  }
  return false;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
