/**
 * What a detection's checks need to know about the rest of the repository: the data sources and
 * stories by name, every detection's id and name (duplicates), the layout most detections use, and
 * the ATT&CK catalogue when one is configured. The Project keeps one, updated file by file; its
 * generation changes whenever something a check reads changes, so cached analyses go stale.
 */
import type { Span } from '../text/span';
import type { AttackCatalogue } from './attack';
import { classifyContentPath, readContentFile, type ContentKind, type DataSourceFile, type StoryFile } from './contentFiles';
import { textLayout } from './layout';
import type { Layout } from './model';

/** A detection's id and name as its file writes them (read without parsing the YAML). */
export interface DetectionIdentity {
  path: string;
  name?: { value: string; span: Span };
  id?: { value: string; span: Span };
  layout: Layout;
}

/** The read-only view checks, completion and hover get. */
export interface Repository {
  dataSource(name: string): DataSourceFile | undefined;
  dataSources(): DataSourceFile[];
  story(name: string): StoryFile | undefined;
  stories(): StoryFile[];
  /** The names of the data sources or stories, sorted, without reading their files. */
  names(kind: ContentKind): string[];
  /** Other detections with this id / name (case-insensitive for names, as Splunk's saved searches are). */
  detectionsWithId(id: string): DetectionIdentity[];
  detectionsWithName(name: string): DetectionIdentity[];
  /** The layout most of the repository's detections use. */
  readonly layout: Layout;
  readonly attack: AttackCatalogue | undefined;
}

/** A data source or story file: its name read at once, the rest parsed on first use (the corpus has 450). */
interface ContentEntry {
  kind: ContentKind;
  path: string;
  text: string;
  name: string | undefined;
  read?: DataSourceFile | StoryFile | null;
}

export class ContentIndex implements Repository {
  private readonly files = new Map<string, ContentEntry>();
  private readonly identities = new Map<string, DetectionIdentity>();
  /** Lower-cased id / name -> paths of the detections that have it. */
  private readonly byId = new Map<string, Set<string>>();
  private readonly byName = new Map<string, Set<string>>();
  private modernCount = 0;
  /** Data sources and stories sorted by name, rebuilt on first use after a change. */
  private sorted: { dataSources: ContentEntry[]; stories: ContentEntry[]; byName: Map<string, ContentEntry> } | undefined;
  private attackCatalogue: AttackCatalogue | undefined;
  private changes = 0;

  /** Changes whenever a data source, story, detection id/name or the ATT&CK catalogue changes. */
  get generation(): number {
    return this.changes;
  }

  get attack(): AttackCatalogue | undefined {
    return this.attackCatalogue;
  }

  setAttack(catalogue: AttackCatalogue | undefined): void {
    if (catalogue === this.attackCatalogue) return;
    this.attackCatalogue = catalogue;
    this.changes++;
  }

  /** Adds or replaces a data source or story file; false for any other path. */
  upsertContent(path: string, text: string): boolean {
    const kind = classifyContentPath(path);
    if (!kind) return false;
    if (this.files.get(path)?.text === text) return true;
    const quick = topLevelScalar(text, 'name')?.value.trim();
    const entry: ContentEntry = { kind, path, text, name: quick };
    // A name written some other way (a block scalar ...) needs the whole file read.
    if (!quick) entry.name = this.read(entry)?.name;
    this.files.set(path, entry);
    this.contentChanged();
    return true;
  }

  /** Records a detection's id and name from its text; bumps the generation only when they change. */
  upsertDetection(path: string, text: string): void {
    const identity = readIdentity(path, text);
    const before = this.identities.get(path);
    if (before && before.id?.value === identity.id?.value && before.name?.value === identity.name?.value && before.layout === identity.layout) {
      // Same values, perhaps moved: keep the new spans for related locations.
      this.identities.set(path, identity);
      return;
    }
    if (before) this.forget(before);
    this.identities.set(path, identity);
    if (identity.id) add(this.byId, identity.id.value, path);
    if (identity.name) add(this.byName, identity.name.value, path);
    if (identity.layout === 'contentctl5') this.modernCount++;
    this.changes++;
  }

  remove(path: string): void {
    const identity = this.identities.get(path);
    if (identity) {
      this.forget(identity);
      this.identities.delete(path);
      this.changes++;
    }
    if (this.files.delete(path)) this.contentChanged();
  }

  dataSource(name: string): DataSourceFile | undefined {
    const entry = this.index().byName.get(`data-source:${name}`);
    return (entry && this.read(entry)) as DataSourceFile | undefined;
  }

  dataSources(): DataSourceFile[] {
    return this.index().dataSources.flatMap((entry) => (this.read(entry) as DataSourceFile | undefined) ?? []);
  }

  story(name: string): StoryFile | undefined {
    const entry = this.index().byName.get(`story:${name}`);
    return (entry && this.read(entry)) as StoryFile | undefined;
  }

  stories(): StoryFile[] {
    return this.index().stories.flatMap((entry) => (this.read(entry) as StoryFile | undefined) ?? []);
  }

  /** The names alone, without reading the files (what "is this a known name" needs). */
  names(kind: ContentKind): string[] {
    return (kind === 'data-source' ? this.index().dataSources : this.index().stories).map((entry) => entry.name!);
  }

  detectionsWithId(id: string): DetectionIdentity[] {
    return this.lookup(this.byId, id);
  }

  detectionsWithName(name: string): DetectionIdentity[] {
    return this.lookup(this.byName, name);
  }

  get layout(): Layout {
    return this.modernCount * 2 > this.identities.size ? 'contentctl5' : 'escu4';
  }

  private lookup(index: Map<string, Set<string>>, value: string): DetectionIdentity[] {
    const paths = index.get(value.trim().toLowerCase());
    if (!paths) return [];
    return [...paths].sort().flatMap((p) => this.identities.get(p) ?? []);
  }

  private forget(identity: DetectionIdentity): void {
    if (identity.id) drop(this.byId, identity.id.value, identity.path);
    if (identity.name) drop(this.byName, identity.name.value, identity.path);
    if (identity.layout === 'contentctl5') this.modernCount--;
  }

  private contentChanged(): void {
    this.sorted = undefined;
    this.changes++;
  }

  private read(entry: ContentEntry): DataSourceFile | StoryFile | undefined {
    if (entry.read === undefined) entry.read = readContentFile(entry.path, entry.text) ?? null;
    return entry.read ?? undefined;
  }

  private index(): NonNullable<ContentIndex['sorted']> {
    if (this.sorted) return this.sorted;
    // Two files with one name: the first by path answers, as a sorted walk would find it.
    const files = [...this.files.values()].filter((f) => f.name).sort((a, b) => a.path.localeCompare(b.path));
    const byName = new Map<string, ContentEntry>();
    for (const file of files) if (!byName.has(`${file.kind}:${file.name}`)) byName.set(`${file.kind}:${file.name}`, file);
    const byTitle = (a: ContentEntry, b: ContentEntry) => a.name!.localeCompare(b.name!);
    this.sorted = {
      dataSources: files.filter((f) => f.kind === 'data-source').sort(byTitle),
      stories: files.filter((f) => f.kind === 'story').sort(byTitle),
      byName,
    };
    return this.sorted;
  }
}

function add(index: Map<string, Set<string>>, value: string, path: string): void {
  const key = value.trim().toLowerCase();
  let paths = index.get(key);
  if (!paths) index.set(key, (paths = new Set()));
  paths.add(path);
}

function drop(index: Map<string, Set<string>>, value: string, path: string): void {
  const key = value.trim().toLowerCase();
  index.get(key)?.delete(path);
  if (index.get(key)?.size === 0) index.delete(key);
}

/** `name:` and `id:` at the top level of a detection's text: plain, single- or double-quoted. */
export function readIdentity(path: string, text: string): DetectionIdentity {
  const identity: DetectionIdentity = { path, layout: textLayout(text) };
  const name = topLevelScalar(text, 'name');
  const id = topLevelScalar(text, 'id');
  if (name) identity.name = name;
  if (id) identity.id = id;
  return identity;
}

function topLevelScalar(text: string, key: string): { value: string; span: Span } | undefined {
  const match = new RegExp(`^${key}:`, 'm').exec(text);
  if (!match) return undefined;
  let lineEnd = text.indexOf('\n', match.index);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(match.index + match[0].length, lineEnd);
  const leading = line.length - line.trimStart().length;
  let raw = line.trim();
  const start = match.index + match[0].length + leading;
  if (raw.startsWith("'") || raw.startsWith('"')) {
    const quote = raw[0];
    // A quoted value closed on its line; one that goes on is left to a YAML reader.
    if (raw.length < 2 || !raw.endsWith(quote) || (quote === "'" && /^'(?:[^']|'')*'$/.test(raw) === false)) return undefined;
    const span = { start, end: start + raw.length };
    if (quote === "'") return { value: raw.slice(1, -1).replace(/''/g, "'"), span };
    try {
      return { value: JSON.parse(raw) as string, span };
    } catch {
      return undefined;
    }
  }
  // A plain value ends before ` #`, and goes on over the more indented lines after it (folded with spaces).
  const comment = raw.search(/\s#/);
  if (comment >= 0) raw = raw.slice(0, comment).trimEnd();
  if (raw === '' || raw.startsWith('#') || raw.startsWith('|') || raw.startsWith('>')) return undefined;
  let value = raw;
  let end = start + raw.length;
  for (let next = lineEnd + 1; next < text.length && (text[next] === ' ' || text[next] === '\t'); ) {
    let nextEnd = text.indexOf('\n', next);
    if (nextEnd < 0) nextEnd = text.length;
    const piece = text.slice(next, nextEnd).trim();
    if (piece === '' || piece.startsWith('#')) break;
    value += ` ${piece}`;
    end = next + text.slice(next, nextEnd).trimEnd().length;
    next = nextEnd + 1;
  }
  return { value, span: { start, end } };
}
