// The corpus' data_sources/*.yml that carry an example event, read once per test file that asks.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

export interface CorpusDataSource {
  name: string;
  source?: string;
  sourcetype?: string;
  /** What Splunk showed for the example event with the add-ons installed. */
  fields?: string[];
  example_log?: unknown;
}

/** Sorted by file name; only files whose `example_log` is a non-blank string. */
export function dataSourcesWithExampleLogs(): { file: string; doc: CorpusDataSource }[] {
  const dir = corpusPath('security_content', 'data_sources');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((file) => ({ file, doc: parse(readFileSync(resolve(dir, file), 'utf8')) as CorpusDataSource }))
    .filter(({ doc }) => typeof doc.example_log === 'string' && doc.example_log.trim() !== '');
}
