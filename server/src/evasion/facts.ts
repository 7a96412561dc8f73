// The facts of facts.json, typed: which event fields a variant rewrites, the techniques with their
// sources, and what each recorded executable accepts. The option characters come from lint's
// measured table (switchPrograms.ts), so both read one list.
import factsJson from './facts.json';
import { acceptedPrefixes } from '../lint/switchPrograms';

export type FieldRole = 'commandLine' | 'image' | 'imageName' | 'originalFileName';
export const FIELD_ROLES: readonly FieldRole[] = ['commandLine', 'image', 'imageName', 'originalFileName'];

export type TechniqueId =
  | 'option-char-substitution'
  | 'option-case'
  | 'character-substitution'
  | 'character-insertion'
  | 'shorthand'
  | 'quote-insertion'
  | 'caret-insertion'
  | 'image-name-case'
  | 'program-quoted'
  | 'program-full-path'
  | 'program-without-extension'
  | 'other-system-folder'
  | 'renamed-image'
  | 'extra-whitespace';

export interface Technique {
  id: TechniqueId;
  title: string;
  scope: string;
  source: string;
}

export interface ExecutableFacts {
  programs: string[];
  source: string;
  optionCase: boolean;
  /** Lower-case letter -> the character the program reads as that letter. */
  characterSubstitution: Record<string, string>;
  /** A character the program ignores inside an option, or null. */
  characterInsertion: string | null;
  /** Groups of option names (with their usual prefix) that mean the same option. */
  shorthands: string[][];
  quoteInsertion: boolean;
  /** cmd.exe: a caret may go inside the command its /c or /k runs. */
  caretInsertion: boolean;
}

interface FactsFile {
  eventFields: Record<FieldRole, string[]> & { source: string };
  techniques: Technique[];
  renamedImage: string;
  systemFolders: string[];
  executables: ExecutableFacts[];
}

const FACTS = factsJson as unknown as FactsFile;

export const TECHNIQUES: readonly Technique[] = FACTS.techniques;
export const RENAMED_IMAGE: string = FACTS.renamedImage;
export const SYSTEM_FOLDERS: readonly string[] = FACTS.systemFolders;
export const RECORDED_EXECUTABLES: readonly ExecutableFacts[] = FACTS.executables;

/** The raw (and CIM) field names that hold each role in an event. */
export function fieldsOfRole(role: FieldRole): readonly string[] {
  return FACTS.eventFields[role];
}

export function technique(id: TechniqueId): Technique {
  const found = TECHNIQUES.find((t) => t.id === id);
  if (!found) throw new Error(`internal error: technique ${id} is not in facts.json`);
  return found;
}

/** What `program` (lower case, no folder, no `.exe`) accepts beyond its option characters, when recorded. */
export function executableFacts(program: string): ExecutableFacts | undefined {
  return FACTS.executables.find((e) => e.programs.includes(program));
}

/** The option characters `program` accepts for the option `body`, as lint's table records them. */
export function optionCharacters(program: string, body: string): { prefixes: readonly string[]; source: string } | undefined {
  const acceptance = acceptedPrefixes(program, body.toLowerCase());
  return acceptance ? { prefixes: acceptance.prefixes, source: acceptance.source } : undefined;
}
