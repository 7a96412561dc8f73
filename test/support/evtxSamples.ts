// The real .evtx files (../shared/evtx, found by scripts/corpus/locate.mjs) and what their README's
// table says of each: md5 and the number of events Debian's `evtxexport -f xml` gives.
import { readFileSync } from 'node:fs';
import { evtxSamplePath } from '../../scripts/corpus/locate.mjs';

export interface EvtxSample {
  name: string;
  path: string;
  md5: string;
  events: number;
}

/** The README's table rows: `| security.evtx | 8fa2... | 2,261 (Security channel ...) |`. */
export function evtxSamples(): EvtxSample[] {
  const readme = readFileSync(evtxSamplePath('README.md'), 'utf8');
  const samples: EvtxSample[] = [];
  for (const row of readme.matchAll(/^\|\s*([\w.-]+\.evtx)\s*\|\s*([0-9a-f]{32})\s*\|\s*([\d,]+)/gm)) {
    samples.push({ name: row[1], path: evtxSamplePath(row[1]), md5: row[2], events: Number(row[3].replace(/,/g, '')) });
  }
  if (samples.length === 0) throw new Error(`no table of .evtx files in ${evtxSamplePath('README.md')}`);
  return samples;
}

export function evtxSample(name: string): EvtxSample {
  const sample = evtxSamples().find((s) => s.name === name);
  if (!sample) throw new Error(`${name} is not in the README's table of .evtx files`);
  return sample;
}
