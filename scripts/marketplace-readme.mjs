// Writes the README packed into the .vsix: docs/marketplace.md with each screenshot (a relative
// `![alt](docs/images/x.png)` link) embedded as a data: URL. VS Code's extension page renders the
// README in a webview that resolves relative links against itself, not against the installed
// extension, so only embedded (or absolute https) images show there; the project has no public URL
// to point at yet. Once it has one, `vsce package --baseImagesUrl` can replace this step.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = join(root, 'docs/marketplace.md');
export const OUTPUT = join(root, 'dist/marketplace/README.md');

/** The packaged README for `markdown` (relative PNG links read from `base`). */
export function embedImages(markdown, base = root) {
  return markdown.replace(/!\[([^\]]*)\]\(([^)\s]+\.png)\)/g, (_, alt, path) => {
    if (/^[a-z]+:/i.test(path)) return `![${alt}](${path})`;
    const png = readFileSync(join(base, path));
    return `![${alt}](data:image/png;base64,${png.toString('base64')})`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, embedImages(readFileSync(SOURCE, 'utf8')));
}
