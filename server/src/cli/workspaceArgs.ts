import { existsSync, readFileSync } from 'node:fs';
import { readAttackBundle, type AttackCatalogue } from '../detection/attack';
import { resolve } from 'node:path';
import { Project } from '../workspace/project';
import { findWorkspaceRoot } from '../workspace/root';
import { UsageError, type ParsedArgs } from './args';
import type { CliIo } from './io';

/** Resolves `--root` (default: the nearest folder holding macros/ or detections/) and `--macros`. */
export function loadProject(args: ParsedArgs, targets: string[], io: CliIo): { project: Project; roots: string[] } {
  const explicitRoots = (args.options.get('root') ?? []).map((p) => resolve(io.cwd, p));
  const macroDirs = (args.options.get('macros') ?? []).map((p) => resolve(io.cwd, p));
  for (const dir of [...explicitRoots, ...macroDirs]) {
    if (!existsSync(dir)) throw new UsageError(`no such folder: ${dir}`);
  }
  const roots = explicitRoots.length > 0 ? explicitRoots : [...new Set(targets.map((t) => findWorkspaceRoot(t)))];
  return { project: Project.load([...roots, ...targets], macroDirs), roots };
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
