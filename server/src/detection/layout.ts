import { entryOf, type YamlValue } from '../workspace/yamlTree';
import type { Layout } from './model';

/** The `tags` keys only the ESCU 4.x layout has: their presence decides the layout. */
const ESCU4_RISK_KEYS = ['message', 'observable', 'confidence', 'impact'];

/**
 * The layout a detection is written in: an `rba:` block means contentctl 5, ESCU 4.x risk keys in
 * `tags` mean 4.x; a detection with neither (a new one) or both follows the repository, else 4.x.
 */
export function layoutOf(tree: YamlValue | undefined, repositoryLayout?: Layout): Layout {
  const modern = entryOf(tree, 'rba') !== undefined;
  const tags = entryOf(tree, 'tags')?.value;
  const legacy = ESCU4_RISK_KEYS.some((key) => entryOf(tags, key));
  if (modern && !legacy) return 'contentctl5';
  if (legacy && !modern) return 'escu4';
  return repositoryLayout ?? 'escu4';
}

/**
 * A cheap reading of a file's text for the repository's majority: a top-level `rba:` key and no
 * `confidence:`/`impact:` in `tags` (the rba block has neither), so a file with both counts as 4.x.
 */
export function textLayout(text: string): Layout {
  return /^rba:/m.test(text) && !/^[ \t]+(confidence|impact):/m.test(text) ? 'contentctl5' : 'escu4';
}
