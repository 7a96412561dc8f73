// Types of fetch.mjs for the TypeScript tests.
import type { CorpusPin } from './locate.mjs';
export function sourceOf(pin: CorpusPin, env?: Record<string, string | undefined>): CorpusPin;
export function fetchCorpus(options?: { cache?: string; env?: Record<string, string | undefined>; log?: (line: string) => void; progress?: boolean }): string;
