import { existsSync, readFileSync, statSync } from 'node:fs';
import { readAttackBundle, type AttackCatalogue } from '../detection/attack';
import { resolve } from 'node:path';
import { notARegularFile, ReadScope } from '../workspace/confine';
import { discoverFiles } from '../workspace/discover';
import { namedFileKind, type DocumentKind } from '../workspace/documents';
import { Project } from '../workspace/project';
import { findWorkspaceRoot } from '../workspace/root';
import { UsageError, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { displayPath } from './report';

export interface LoadedProject {
  project: Project;
  roots: string[];
  /**
   * What a run may read besides the files named on the command line: the roots, each target's own
   * workspace root, --macros and `extraFolders`.
   */
  scope: ReadScope;
}

/**
 * Resolves `--root` (default: the nearest folder holding macros/ or detections/) and `--macros`;
 * `extraFolders` (e.g. --samples) widen the read scope.
 */
export function loadProject(args: ParsedArgs, targets: string[], io: CliIo, extraFolders: string[] = []): LoadedProject {
  const explicitRoots = (args.options.get('root') ?? []).map((p) => resolve(io.cwd, p));
  const macroDirs = (args.options.get('macros') ?? []).map((p) => resolve(io.cwd, p));
  for (const dir of [...explicitRoots, ...macroDirs]) {
    if (!existsSync(dir)) throw new UsageError(`no such folder: ${dir}`);
  }
  const targetRoots = [...new Set(targets.map((t) => findWorkspaceRoot(t)))];
  const roots = explicitRoots.length > 0 ? explicitRoots : targetRoots;
  const scope = new ReadScope([...roots, ...targetRoots, ...macroDirs, ...extraFolders]);
  return { project: Project.load([...roots, ...targets], macroDirs), roots, scope };
}

/** The PATHs, absolute; each must be a folder or a regular file (a named pipe would block the read). */
export function checkTargets(args: ParsedArgs, io: CliIo, command: string): string[] {
  if (args.positionals.length === 0) throw new UsageError(`${command} needs at least one PATH`);
  return args.positionals.map((p) => {
    const absolute = resolve(io.cwd, p);
    if (!existsSync(absolute)) throw new UsageError(`no such file or folder: ${p}`);
    const problem = statSync(absolute).isDirectory() ? undefined : notARegularFile(absolute, p);
    if (problem) throw new UsageError(problem);
    return absolute;
  });
}

/**
 * The files to read under the targets: the SPL files under each folder, and each file named itself,
 * whatever folder it is in (a detection YAML outside detections/ is still checked); a named file
 * that cannot hold a search is refused with the reason (namedKind).
 */
export function filesUnder(targets: string[]): string[] {
  const named = targets.filter((target) => statSync(target).isFile());
  for (const file of named) namedKind(file);
  return [...new Set([...discoverFiles(targets), ...named])].sort();
}

/** Says so on stderr when the targets hold no file to read (a folder without detections/ or macros/). */
export function warnWhenEmpty(files: string[], targets: string[], io: CliIo, command: string): void {
  if (files.length > 0) return;
  const where = targets.map((target) => displayPath(target, io.cwd) || '.').join(', ');
  io.err(`spl-detect ${command}: no file to read under ${where}: detection YAML is read under a detections/ folder, macro YAML under macros/ (name a file to read it wherever it is)\n`);
}

/** The kind of a file named on the command line (see namedFileKind); a UsageError when it cannot hold a search. */
export function namedKind(file: string): DocumentKind {
  const kind = namedFileKind(file, readFileSync(file, 'utf8'));
  if (kind) return kind;
  throw new UsageError(`${file} cannot hold a search: spl-detect reads detection and macro YAML (.yml, .yaml), .spl files, macros.conf and savedsearches.conf`);
}

/** `--geoip FILE`: the MaxMind .mmdb database iplocation reads, made absolute; it must exist. */
export function geoipDatabaseArg(args: ParsedArgs, io: CliIo): string | undefined {
  const values = args.options.get('geoip');
  const given = values?.[values.length - 1];
  if (given === undefined) return undefined;
  const path = resolve(io.cwd, given);
  if (!existsSync(path)) throw new UsageError(`no such GeoIP database: ${given}`);
  return path;
}

/** `--attack FILE`: an ATT&CK STIX bundle (enterprise-attack.json) for SPL157; a bad file is a usage error. */
export function attackCatalogueArg(args: ParsedArgs, io: CliIo): AttackCatalogue | undefined {
  const values = args.options.get('attack');
  const given = values?.[values.length - 1];
  if (given === undefined) return undefined;
  const path = resolve(io.cwd, given);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`no such ATT&CK bundle: ${given}`);
  }
  const load = readAttackBundle(text, given);
  if ('error' in load) throw new UsageError(`--attack: ${load.error}`);
  return load.catalogue;
}
