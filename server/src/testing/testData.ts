// Where a detection test's data file is found (`spl-detect test`, the editor's Test Explorer), in order: the samples folder's
// attack_data_map.json, a file of the URL's file name under the samples folder, then the attack data
// source (a local splunk/attack_data checkout, the per-user cache, a download: server/src/attackData/).
import { basename, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { AttackDataSource, DataVia } from '../attackData/attackDataSource';
import { explainLfsPointer, lfsPointerIn } from '../attackData/lfsPointer';
import { excerpt } from '../text/excerpt';
import type { ReadScope } from '../workspace/confine';
import { walkFiles } from '../workspace/discover';
import { mappedLog, readAttackDataMap, type AttackDataMapFiles } from '../workspace/sampleLog';

export type LocalSample = { path: string; via: 'attack_data_map.json' | 'file name' | DataVia };

export type SampleLookup = LocalSample | { refused: string } | undefined;

/**
 * The local files of one samples folder: attack_data_map.json entries, then files by name; either
 * only inside the read scope (a map entry or a link may point anywhere).
 */
export class SampleFolder {
  private readonly mapped: AttackDataMapFiles = {};
  private byName: Map<string, string> | undefined;
  /** Why the map cannot be read (not JSON, no "files"): the CLI refuses to start, the editor says so per test. */
  readonly mapProblem: string | undefined;

  constructor(
    readonly dir: string,
    private readonly scope: ReadScope,
    readonly mapFile = join(dir, 'attack_data_map.json'),
  ) {
    if (!existsSync(this.mapFile)) return;
    const files = readAttackDataMap(this.mapFile);
    if (typeof files === 'string') this.mapProblem = files;
    else this.mapped = files;
  }

  /** The sample for a data URL; a mapped file the scope refuses, or a Git LFS pointer, is a reason, not a sample. */
  find(url: string): SampleLookup {
    const entry = this.mapped[url]?.file;
    if (typeof entry === 'string') {
      const mapped = mappedLog(this.mapFile, url, entry, this.scope);
      if (mapped.ok) return withoutPointer({ path: mapped.path, via: 'attack_data_map.json' });
      if (existsSync(resolve(this.dir, entry))) return { refused: mapped.reason };
    }
    const name = dataFileName(url);
    const found = name ? this.files().get(name) : undefined;
    if (!found) return undefined;
    const sample = this.scope.regularFile(found, `the sample found by the file name of ${excerpt(url, 120)}`);
    return sample.ok ? withoutPointer({ path: found, via: 'file name' }) : { refused: sample.reason };
  }

  /** Every file under the folder by file name (the first in sorted path order wins). */
  private files(): Map<string, string> {
    if (this.byName) return this.byName;
    const byName = new Map<string, string>();
    for (const path of walkFiles([this.dir], () => true).files) {
      const name = basename(path);
      if (!byName.has(name)) byName.set(name, path);
    }
    this.byName = byName;
    return byName;
  }
}

function withoutPointer(sample: LocalSample): SampleLookup {
  const pointer = lfsPointerIn(sample.path);
  return pointer ? { refused: explainLfsPointer(pointer, sample.path) } : sample;
}

/** The last path segment of a data URL (query and fragment left out). */
export function dataFileName(url: string): string | undefined {
  const path = url.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === '') return undefined;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The sample folder's files, then the attack data source without the network. */
export function findLocalData(url: string, samples: SampleFolder, data: AttackDataSource): SampleLookup | { missing: string } {
  const sample = samples.find(url);
  if (sample) return sample;
  const local = data.local(url);
  return local.ok ? { path: local.path, via: local.via } : { missing: local.reason };
}
