// Types of locate.mjs for the TypeScript tests and the bench.
export interface CorpusPin {
  name: string;
  url: string;
  commit: string;
  env: string;
  paths: string[];
  sha256: string;
  files: number;
}
export interface EvtxSamplePin {
  file: string;
  md5: string;
  events: number;
}
export interface EvtxPin {
  name: string;
  url: string;
  ref: string;
  /** The beginning of the commit the tag must resolve to. */
  commit: string;
  env: string;
  folder: string;
  sha256: string;
  samples: EvtxSamplePin[];
  /** Derived from `folder` and `samples`. */
  paths: string[];
}
export const projectRoot: string;
export const pins: { sources: CorpusPin[]; evtx: Omit<EvtxPin, 'paths'> };
export const evtxPin: EvtxPin;
export const VERIFIED_MARKER: string;
export const CORPUS_HELP: string;
export class CorpusMissingError extends Error {}
export function cacheDir(root?: string): string;
export function isVerifiedCache(dir: string, sources?: { name: string; sha256: string }[]): boolean;
export function evtxCacheDir(root?: string): string;
export function locateCorpus(options?: { env?: Record<string, string | undefined>; root?: string }): { dir?: string; origin?: 'SPL_CORPUS' | '../shared' | 'cache'; problem?: string };
export function corpusPath(...segments: string[]): string;
export function contentDigest(dir: string, paths: string[]): { sha256: string; files: number };
export const EVTX_SAMPLES_HELP: string;
export class EvtxSamplesMissingError extends Error {}
export function locateEvtxSamples(options?: { env?: Record<string, string | undefined>; root?: string }): { dir?: string; origin?: 'SPL_EVTX_SAMPLES' | '../shared' | 'cache'; problem?: string };
export function evtxSamplePath(...segments: string[]): string;
