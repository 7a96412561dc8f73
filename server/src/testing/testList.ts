// The Test Explorer's list of a workspace's detection tests without reading each detection in full:
// the YAML reader takes seconds over the corpus's 1,700 files, this line scan a few milliseconds. It
// reads the block layout every corpus detection uses (checked against the full reader on the whole
// corpus); a detection it cannot read for sure is left to the full reader (undefined).

export interface ScannedTests {
  /** The detection's `name:` (unquoted), when it is a plain one-line scalar. */
  name: string | undefined;
  /** 0-based line of `tests:`. */
  line: number;
  /** Each tests[] entry's name, `tests[i]` when it has none. */
  testNames: string[];
}

/** undefined: no top-level `tests:` block, or one this scan does not read (flow style, anchors, multi-line names). */
export function scanDetectionTests(text: string): ScannedTests | undefined {
  const tests = /^tests:[ \t]*(?:#.*)?\r?$/m.exec(text);
  if (!tests) return undefined;
  const line = countLines(text, tests.index);
  const lines = text.slice(tests.index).split('\n').slice(1);
  const names: Array<string | undefined> = [];
  let itemIndent: number | undefined;
  for (const raw of lines) {
    const lineText = raw.replace(/\r$/, '');
    if (/^\S/.test(lineText) && !lineText.startsWith('-') && !lineText.startsWith('#')) break;
    if (/^\s*(#.*)?$/.test(lineText)) continue;
    const item = /^( *)- ?(.*)$/.exec(lineText);
    const indent = /^ */.exec(lineText)![0].length;
    if (itemIndent === undefined) {
      if (!item) return undefined;
      itemIndent = item[1].length;
    }
    if (item && item[1].length === itemIndent) {
      const key = /^name:[ \t]*(.*)$/.exec(item[2]);
      names.push(key ? scalar(key[1]) : undefined);
      if (key && names[names.length - 1] === undefined) return undefined;
      continue;
    }
    if (indent <= itemIndent) return undefined;
    const key = new RegExp(`^ {${itemIndent + 2}}name:[ \\t]*(.*)$`).exec(lineText);
    if (key && names.length > 0 && names[names.length - 1] === undefined) {
      const value = scalar(key[1]);
      if (value === undefined) return undefined;
      names[names.length - 1] = value;
    }
  }
  const name = /^name:[ \t]*(.*?)\r?$/m.exec(text)?.[1];
  return { name: name === undefined ? undefined : scalar(name), line, testNames: names.map((n, i) => n ?? `tests[${i}]`) };
}

/** A one-line plain or quoted scalar; undefined for anything needing the YAML reader. */
function scalar(value: string): string | undefined {
  const text = value.replace(/[ \t]+#.*$/, '').trim();
  if (text === '' || /^[|>&*!{[]/.test(text)) return undefined;
  if (text.startsWith("'")) return /^'((?:[^']|'')*)'$/.test(text) ? text.slice(1, -1).replace(/''/g, "'") : undefined;
  if (text.startsWith('"')) return /^"([^"\\]*)"$/.test(text) ? text.slice(1, -1) : undefined;
  return text;
}

function countLines(text: string, end: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
