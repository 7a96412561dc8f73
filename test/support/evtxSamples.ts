// The real .evtx files (found by scripts/corpus/locate.mjs: SPL_EVTX_SAMPLES, ../shared/evtx or the
// fetched pin) and what their pin records of each: md5 and the number of events Debian's
// `evtxexport -f xml` gives.
import { evtxPin, evtxSamplePath } from '../../scripts/corpus/locate.mjs';

export interface EvtxSample {
  name: string;
  path: string;
  md5: string;
  events: number;
}

export function evtxSamples(): EvtxSample[] {
  return evtxPin.samples.map((sample) => ({ name: sample.file, path: evtxSamplePath(sample.file), md5: sample.md5, events: sample.events }));
}

export function evtxSample(name: string): EvtxSample {
  const sample = evtxSamples().find((s) => s.name === name);
  if (!sample) throw new Error(`${name} is not in the README's table of .evtx files`);
  return sample;
}
