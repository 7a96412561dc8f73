import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ANALYTICS_TYPES } from '../detection/enums';
import { DETECTION_KINDS, detectionFileName, detectionSkeleton, nameProblem } from '../detection/skeleton';
import { similarNames } from '../detection/similar';
import { utcToday } from '../lint/engine';
import { Project } from '../workspace/project';
import { findWorkspaceRoot } from '../workspace/root';
import { choice, parseArgs, UsageError } from './args';
import type { CliIo } from './io';
import { displayPath } from './report';

export const newUsage = `spl-detect new NAME [--type TTP|Anomaly|Hunting|Correlation] [--kind endpoint|cloud|network|web|application] [--author TEXT] [--data-source NAME]... [--story NAME]... [--attack-id ID]... [--layout escu4|contentctl5] [--root DIR] [--stdout]

Writes a new detection as contentctl's \`new\` does, but valid as written: a fresh UUID, today's date, the file
named after the detection (detections/KIND/<name in lower snake case>.yml under --root, default: the nearest
folder above the current one holding detections/ or macros/), the filter macro, drilldowns for the victim and a
test entry. What is left to write is marked \`UPDATE_...\` (\`spl-detect check\` reports each as a warning). The
layout (ESCU 4.x \`tags.message\`/\`observable\` or contentctl 5 \`rba:\`) follows the repository unless --layout
says. Data source and story names the repository does not have are reported, with the closest names.
  --stdout   print the detection instead of writing it
Exit 0 when written, 1 when the file exists already, 2 on bad usage.`;

export function runNew(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { valued: ['type', 'kind', 'author', 'data-source', 'story', 'attack-id', 'layout', 'root'], booleans: ['stdout'] });
  if (args.positionals.length !== 1) throw new UsageError('new takes one NAME (quote a name with spaces)');
  const name = args.positionals[0];
  const problem = nameProblem(name);
  if (problem) throw new UsageError(problem);
  const type = choice(args, 'type', ANALYTICS_TYPES, 'TTP');
  const kind = choice(args, 'kind', DETECTION_KINDS, 'endpoint');
  const given = args.options.get('layout');
  const root = resolve(io.cwd, args.options.get('root')?.at(-1) ?? findWorkspaceRoot(io.cwd));
  if (!existsSync(root)) throw new UsageError(`no such folder: ${root}`);
  const project = Project.load([root]);
  const layout = given ? choice(args, 'layout', ['escu4', 'contentctl5'] as const, 'escu4') : project.content.layout;
  const dataSources = args.options.get('data-source') ?? [];
  const stories = args.options.get('story') ?? [];
  warnUnknown(io, 'data source', dataSources, project.content.names('data-source'));
  warnUnknown(io, 'story', stories, project.content.names('story'));
  const text = detectionSkeleton({
    name,
    type,
    id: randomUUID(),
    date: utcToday(),
    layout,
    ...(args.options.get('author') ? { author: args.options.get('author')!.at(-1)! } : {}),
    dataSources,
    stories,
    attackIds: args.options.get('attack-id') ?? [],
    repository: project.content,
  });
  if (args.flags.has('stdout')) {
    io.out(text);
    return 0;
  }
  const folder = join(root, 'detections', kind);
  const path = join(folder, detectionFileName(name));
  if (existsSync(path)) {
    io.err(`spl-detect new: ${displayPath(path, io.cwd)} exists already; nothing written\n`);
    return 1;
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(path, text, { flag: 'wx' });
  io.out(`wrote ${displayPath(path, io.cwd)} (${layout === 'escu4' ? 'ESCU 4.x' : 'contentctl 5'} layout); fill in the UPDATE_ values\n`);
  return 0;
}

/** Names the repository lacks, on stderr with the closest names; only when the repository has any. */
function warnUnknown(io: CliIo, what: string, names: readonly string[], known: readonly string[]): void {
  if (known.length === 0) return;
  for (const name of names) {
    if (known.includes(name)) continue;
    const similar = similarNames(name, known);
    io.err(`spl-detect new: no ${what} is named '${name}'${similar.length ? ` (did you mean ${similar.map((s) => `'${s}'`).join(', ')}?)` : ''}\n`);
  }
}
