// Types of fetch.mjs for the TypeScript tests.
import type { CorpusPin, EvtxPin } from './locate.mjs';
export function sourceOf<P extends CorpusPin | EvtxPin>(pin: P, env?: Record<string, string | undefined>): P;
export function fetchCorpus(options?: { cache?: string; env?: Record<string, string | undefined>; log?: (line: string) => void; progress?: boolean; pinned?: (CorpusPin | EvtxPin)[] }): string;
