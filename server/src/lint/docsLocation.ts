/**
 * Where a rule's doc page lives. The pages ship with the extension and the CLI under docs/rules/, so
 * the default link is a file URL found by walking up from this module (server/src/lint/ when run from
 * source, dist/ when bundled). A caller that publishes the docs can pass its own base URL.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const RULE_DOCS_FOLDER = 'docs/rules';

/** The folder holding `docs/rules/README.md` above this module, if any. */
export function findRuleDocsFolder(from: string = __dirname): string | undefined {
  for (let dir = from, i = 0; i < 8; i++) {
    const candidate = join(dir, RULE_DOCS_FOLDER);
    if (existsSync(join(candidate, 'README.md'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Base URL ending in `/`, to which `<ID>.md` is appended; undefined when the docs are not installed. */
export function defaultRuleDocsBase(): string | undefined {
  const folder = findRuleDocsFolder();
  return folder ? pathToFileURL(folder + '/').href : undefined;
}

export function ruleDocUrl(base: string | undefined, id: string): string | undefined {
  return base ? `${base}${id}.md` : undefined;
}
