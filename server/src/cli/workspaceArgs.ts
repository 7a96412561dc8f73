import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReadScope } from '../workspace/confine';
import { Project } from '../workspace/project';
import { findWorkspaceRoot } from '../workspace/root';
import { UsageError, type ParsedArgs } from './args';
import type { CliIo } from './io';

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

export function checkTargets(args: ParsedArgs, io: CliIo, command: string): string[] {
  if (args.positionals.length === 0) throw new UsageError(`${command} needs at least one PATH`);
  return args.positionals.map((p) => {
    const absolute = resolve(io.cwd, p);
    if (!existsSync(absolute)) throw new UsageError(`no such file or folder: ${p}`);
    return absolute;
  });
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
