// Lookup definitions of a Splunk app: `[stanza]`s of `default/transforms.conf` and `local/transforms.conf`
// beside its `lookups/` folder, with the keys security_content's lookup YAML uses (filename, match_type,
// case_sensitive_match, min_matches, max_matches, default_match; collection and fields_list for a KV
// store). local/ overrides default/ key by key, as Splunk layers conf files (Admin Manual,
// "Configuration file precedence"). Field-extraction stanzas (REGEX, FORMAT ...) are not lookups.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfinedPath } from '../../workspace/confine';
import { parseConf } from '../../workspace/confFile';

export interface TransformsLookup {
  name: string;
  /** Settings by key, after layering. */
  data: Record<string, string>;
  /** The file that defines the stanza last (local/ over default/). */
  path: string;
}

/** Keys that make a transforms.conf stanza a lookup (transforms.conf.spec, "Lookup tables"). */
const LOOKUP_KEYS = ['filename', 'collection', 'external_type', 'external_cmd'];

/**
 * The lookup stanzas of the app's transforms.conf files that `readable` lets a run read (the others
 * are in `refused`, with the reason).
 */
export function transformsLookups(lookupsDir: string, readable: (path: string) => ConfinedPath): { lookups: TransformsLookup[]; refused: string[] } {
  const byName = new Map<string, TransformsLookup>();
  const refused: string[] = [];
  for (const layer of ['default', 'local']) {
    const path = join(dirname(lookupsDir), layer, 'transforms.conf');
    if (!existsSync(path)) continue;
    const file = readable(path);
    if (!file.ok) {
      refused.push(file.reason);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8');
    } catch {
      continue;
    }
    for (const stanza of parseConf(text).stanzas) {
      if (stanza.name === '' || stanza.name === 'default') continue;
      const found = byName.get(stanza.name) ?? { name: stanza.name, data: {}, path };
      for (const setting of stanza.settings) found.data[setting.key] = setting.value.text;
      found.path = path;
      byName.set(stanza.name, found);
    }
  }
  return { lookups: [...byName.values()].filter((l) => LOOKUP_KEYS.some((key) => key in l.data)), refused };
}
