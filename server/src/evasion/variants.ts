// Variants of one process event: the same attack written the other ways its program accepts
// (facts.json, lint's option-character table) and the ways any program can be started. A variant
// changes every field the event carries for the same thing: the command line in all its fields, the
// image path with the process name, never OriginalFileName (the PE header keeps it).
import { baseName, folderOf, programKey, readCommandLine, splice, type CommandLine, type OptionToken } from './commandLine';
import { executableFacts, fieldsOfRole, optionCharacters, RENAMED_IMAGE, SYSTEM_FOLDERS, type FieldRole, type TechniqueId } from './facts';

export interface Variant {
  technique: TechniqueId;
  /** The field a reader checks first: the command line's when it changed, else the image's. */
  field: string;
  /** That field's new text. */
  value: string;
  /** Every field the variant rewrites, with its new value. */
  changes: Map<string, string>;
  /** For a variant of one option: the option as written and as the variant writes it (`/y` -> `/ʸ`). */
  option?: { from: string; to: string };
}

/** Options varied per command line: each costs a run per variant, and a hostile line may hold thousands. */
export const MAX_VARIED_OPTIONS = 16;

/** How many options of the event's command line are past MAX_VARIED_OPTIONS (not varied). */
export function optionsLeftOut(read: FieldReader): number {
  return Math.max(0, (processFields(read).commandLine?.options.length ?? 0) - MAX_VARIED_OPTIONS);
}

/** The first value of a field of the event, or undefined. */
export type FieldReader = (name: string) => string | undefined;

interface ProcessFields {
  /** Present field names per role. */
  names: Record<FieldRole, string[]>;
  commandLine?: CommandLine;
  image?: string;
  program?: string;
}

function processFields(read: FieldReader): ProcessFields {
  const names = { commandLine: [], image: [], imageName: [], originalFileName: [] } as Record<FieldRole, string[]>;
  for (const role of Object.keys(names) as FieldRole[]) names[role] = fieldsOfRole(role).filter((n) => read(n) !== undefined);
  const commandLineText = names.commandLine.map(read)[0];
  const commandLine = commandLineText === undefined ? undefined : readCommandLine(commandLineText);
  // An event with a process name but no path (CIM-shaped JSON) still names the image: its variants rename it.
  const image = names.image.map(read)[0] ?? names.imageName.map(read)[0];
  // A renamed copy is still the program its PE header names: it reads its options the same way.
  const programPath = names.originalFileName.map(read)[0] ?? image ?? commandLine?.program.path;
  return { names, commandLine, image, program: programPath === undefined ? undefined : programKey(programPath) };
}

/** Whether the event carries a command line or an image, the fields variants rewrite. */
export function isProcessEvent(read: FieldReader): boolean {
  const fields = processFields(read);
  return fields.commandLine !== undefined || fields.image !== undefined;
}

export function generateVariants(read: FieldReader): Variant[] {
  const fields = processFields(read);
  const out: Variant[] = [];
  const seen = new Set<string>();
  const add = (technique: TechniqueId, commandLine: string | undefined, image: string | undefined, option?: Variant['option']) => {
    // An empty image or command line is no way to start a program: no variant.
    if (commandLine?.trim() === '' || image?.trim() === '') return;
    const changes = new Map<string, string>();
    if (commandLine !== undefined && commandLine !== fields.commandLine?.text) for (const name of fields.names.commandLine) changes.set(name, commandLine);
    if (image !== undefined && image !== fields.image) {
      for (const name of fields.names.image) changes.set(name, image);
      for (const name of fields.names.imageName) changes.set(name, baseName(image));
    }
    if (changes.size === 0) return;
    const field = fields.names.commandLine.find((n) => changes.has(n)) ?? fields.names.image[0] ?? fields.names.imageName[0];
    const value = changes.get(field) ?? '';
    const key = `${technique}\u0000${[...changes].join('\u0000')}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ technique, field, value, changes, ...(option ? { option } : {}) });
  };
  const line = fields.commandLine;
  if (line && fields.program) for (const option of line.options.slice(0, MAX_VARIED_OPTIONS)) optionVariants(fields.program, line, option, (t, text, written) => add(t, text, undefined, written));
  if (line && fields.program && executableFacts(fields.program)?.caretInsertion) {
    const caret = withCaret(line);
    if (caret) add('caret-insertion', caret, undefined);
  }
  programVariants(fields, add);
  return out;
}

/**
 * cmd.exe's command line with a caret after the first letter of the command its /c or /k runs. Not
 * inside quotes: there cmd.exe keeps a caret as it is, and the command would change.
 */
function withCaret(line: CommandLine): string | undefined {
  const run = line.options.find((o) => /^[ck]$/i.test(o.body));
  if (!run) return undefined;
  const command = /^\s+([A-Za-z])(?=[A-Za-z0-9])/.exec(line.text.slice(run.end));
  if (!command) return undefined;
  const at = run.end + command[0].length;
  return splice(line.text, at, at, '^');
}

/** The variants of one option that its program accepts. */
function optionVariants(
  program: string,
  line: CommandLine,
  option: OptionToken,
  add: (technique: TechniqueId, commandLine: string, written: { from: string; to: string }) => void,
) {
  const from = option.prefix + option.body;
  const replaceOption = (prefix: string, body: string): [string, { from: string; to: string }] => [splice(line.text, option.start, option.end, prefix + body), { from, to: prefix + body }];
  for (const prefix of optionCharacters(program, option.body)?.prefixes ?? []) {
    if (prefix !== option.prefix) add('option-char-substitution', ...replaceOption(prefix, option.body));
  }
  const facts = executableFacts(program);
  if (!facts) return;
  if (facts.optionCase) {
    const swapped = option.body === option.body.toUpperCase() ? option.body.toLowerCase() : option.body.toUpperCase();
    add('option-case', ...replaceOption(option.prefix, swapped));
  }
  const letter = [...option.body].findIndex((c) => facts.characterSubstitution[c.toLowerCase()] !== undefined);
  if (letter >= 0) {
    const body = option.body.slice(0, letter) + facts.characterSubstitution[option.body[letter].toLowerCase()] + option.body.slice(letter + 1);
    add('character-substitution', ...replaceOption(option.prefix, body));
  }
  if (facts.characterInsertion) add('character-insertion', ...replaceOption(option.prefix, facts.characterInsertion + option.body));
  const bodyOf = (name: string) => name.replace(/^[/-]/, '');
  const group = facts.shorthands.find((g) => g.some((name) => bodyOf(name).toLowerCase() === option.body.toLowerCase()));
  for (const name of group ?? []) {
    if (bodyOf(name).toLowerCase() !== option.body.toLowerCase()) add('shorthand', ...replaceOption(option.prefix, bodyOf(name)));
  }
  if (facts.quoteInsertion && option.body.length >= 2) add('quote-insertion', ...replaceOption(option.prefix, option.body[0] + '""' + option.body.slice(1)));
}

type Add = (technique: TechniqueId, commandLine: string | undefined, image: string | undefined) => void;

/** The ways to start any program: its name's case and path, quotes, a renamed copy, white space. */
function programVariants(fields: ProcessFields, add: Add) {
  const line = fields.commandLine;
  const image = fields.image;
  const token = line?.program;
  /** The command line with its program token written as `path` (quoted when it was, or when it holds a space). */
  const withProgram = (path: string, quoted = token?.quoted ?? false) =>
    line && token ? splice(line.text, token.start, token.end, quoted || /\s/.test(path) ? `"${path}"` : path) : undefined;
  const sameProgram = image !== undefined && token !== undefined && programKey(token.path) === programKey(image);
  const tokenNamed = (name: string) => (token ? withProgram(folderOf(token.path) ? `${folderOf(token.path)}\\${name}` : name) : undefined);

  if (image !== undefined || token) {
    const upperImage = image === undefined ? undefined : joinPath(folderOf(image), baseName(image).toUpperCase());
    const upperToken = token && (sameProgram || image === undefined) ? tokenNamed(baseName(token.path).toUpperCase()) : undefined;
    add('image-name-case', upperToken, upperImage);
  }
  if (token && !token.quoted) add('program-quoted', withProgram(token.path, true), undefined);
  if (token && image !== undefined && sameProgram && folderOf(token.path) === '') add('program-full-path', withProgram(image), undefined);
  if (token && /\.exe$/i.test(token.path)) add('program-without-extension', withProgram(token.path.slice(0, -4)), undefined);
  if (image !== undefined) {
    const folder = folderOf(image);
    const other = SYSTEM_FOLDERS.find((f) => f.toLowerCase() !== folder.toLowerCase() && SYSTEM_FOLDERS.some((s) => s.toLowerCase() === folder.toLowerCase()));
    if (other) {
      const moved = joinPath(other, baseName(image));
      const tokenMoved = token && sameProgram && folderOf(token.path).toLowerCase() === folder.toLowerCase() ? withProgram(moved) : undefined;
      add('other-system-folder', tokenMoved, moved);
    }
  }
  if (image !== undefined || token) {
    const renamedToken = token && (sameProgram || image === undefined) ? (folderOf(token.path) ? withProgram(RENAMED_IMAGE) : withProgram(baseName(RENAMED_IMAGE))) : undefined;
    add('renamed-image', renamedToken, image === undefined ? undefined : RENAMED_IMAGE);
  }
  if (line && token) {
    const rest = line.text.slice(token.end);
    if (/\s/.test(rest)) add('extra-whitespace', line.text.slice(0, token.end) + doubleSpaces(rest), undefined);
  }
}

function joinPath(folder: string, name: string): string {
  return folder ? `${folder}\\${name}` : name;
}

/** Each run of white space outside quotes one space longer. */
function doubleSpaces(text: string): string {
  let out = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    out += char;
    if (!inQuotes && /\s/.test(char) && !/\s/.test(text[i + 1] ?? 'x')) out += ' ';
  }
  return out;
}
