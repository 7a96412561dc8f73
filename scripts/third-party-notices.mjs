// THIRD_PARTY_NOTICES.md for the bundles: esbuild inlines npm packages into dist/, and their licences
// (MIT, ISC ...) ask that the copyright and permission notice travel with every copy. The packages are
// read from esbuild's metafile, so the list is what was bundled, not what package.json declares.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package folders (`node_modules/x`, `node_modules/a/node_modules/@s/b`) whose files a bundle holds. */
export function bundledPackageDirs(metafiles) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const rest = input.slice(at + 'node_modules/'.length).split('/');
      const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
      dirs.add(`${input.slice(0, at)}node_modules/${name}`);
    }
  }
  return [...dirs].sort();
}

function licenceText(dir) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  if (!file) throw new Error(`${dir} has no LICENSE file: its notice cannot be shipped`);
  return readFileSync(join(dir, file), 'utf8').trim();
}

export function thirdPartyNotices(root, metafiles) {
  const packages = bundledPackageDirs(metafiles).map((dir) => {
    if (!existsSync(join(root, dir, 'package.json'))) throw new Error(`${dir}/package.json is missing`);
    return { dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) };
  });
  packages.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name) || a.dir.localeCompare(b.dir));
  // Four backticks: a licence text may hold a three-backtick fence of its own.
  const sections = packages.map(({ dir, manifest }) => `## ${manifest.name} ${manifest.version} (${manifest.license})\n\n\`\`\`\`text\n${licenceText(join(root, dir))}\n\`\`\`\`\n`);
  return (
    '# Third-party notices\n\n' +
    'The extension and `spl-detect` bundle the following npm packages (from the bundler\'s list of the\n' +
    'files it included). Each is shipped under its own licence, reproduced here.\n\n' +
    sections.join('\n')
  );
}
