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
export const projectRoot: string;
export const pins: { sources: CorpusPin[] };
export const VERIFIED_MARKER: string;
export const CORPUS_HELP: string;
export class CorpusMissingError extends Error {}
export function cacheDir(root?: string): string;
export function isVerifiedCache(dir: string): boolean;
export function locateCorpus(options?: { env?: Record<string, string | undefined>; root?: string }): { dir?: string; origin?: 'SPL_CORPUS' | '../shared' | 'cache'; problem?: string };
export function corpusPath(...segments: string[]): string;
export function contentDigest(dir: string, paths: string[]): { sha256: string; files: number };
export const EVTX_SAMPLES_HELP: string;
export class EvtxSamplesMissingError extends Error {}
export function locateEvtxSamples(options?: { env?: Record<string, string | undefined>; root?: string }): { dir?: string; origin?: 'SPL_EVTX_SAMPLES' | '../shared'; problem?: string };
export function evtxSamplePath(...segments: string[]): string;
