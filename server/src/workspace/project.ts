import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CimCatalogue } from '../cim/catalogue';
import { classifyContentPath } from '../detection/contentFiles';
import { ContentIndex } from '../detection/contentIndex';
import { CONFIG_FILE_NAME, parseLintConfigText, type LintConfig } from '../lint/config';
import { defaultRuleDocsBase } from '../lint/docsLocation';
import { rules as lintRules } from '../lint/registry';
import { MacroIndex } from '../macros/macroIndex';
import { scanAllMacroCalls } from '../macros/runTimeCalls';
import type { MacroCall } from '../macros/scan';
import type { Span } from '../text/span';
import { analysisSteps, analyzeDocument, type AnalysisContext, type DocumentAnalysis } from './analyze';
import { ReadScope } from './confine';
import { completeSteps, type Steps } from '../text/steps';
import { walkFiles } from './discover';
import { classifyPath, readSplDocument, type DocumentKind, type SplDocument } from './documents';
import { spanToFile, type EmbeddedSearch } from '../text/embeddedSearch';
import { fastCalls, type LocatedCall } from './fastCalls';

/**
 * Files up to this length have their macro calls found when they are loaded (a detection in about
 * 0.1 ms); longer ones when references, rename or an unused-macro hint first need them.
 */
export const INDEX_AT_LOAD_LENGTH = 1_000_000;

/** A macro call as written in a file, with the search it sits in: its spans are file offsets. */
export interface MacroReference extends LocatedCall {
  call: MacroCall;
  search: EmbeddedSearch;
}

interface Entry {
  path: string;
  kind: DocumentKind;
  text: string;
  /** Read on first use: detections are indexed from `calls` without parsing their YAML. */
  document?: SplDocument;
  /** Every macro call of the file (file offsets); what the workspace-wide index needs. Found on first use for long files. */
  calls?: LocatedCall[];
  references?: MacroReference[];
  analysis?: { generation: string; value: DocumentAnalysis };
}

/**
 * The files of a workspace that hold SPL, their macro index and their macro references. Shared by
 * the CLI and the language server; updated one file at a time as files change.
 */
export class Project {
  readonly macros = new MacroIndex();
  /** Data sources, stories, every detection's id and name, ATT&CK: what detection checks look up. */
  readonly content = new ContentIndex();
  private readonly entries = new Map<string, Entry>();
  /** Bumped whenever the macro index changes, so cached analyses that expanded macros go stale. */
  private macroGeneration = 0;
  /** Bumped whenever any file's macro calls change: macro files' "unused" hints depend on it. */
  private referenceGeneration = 0;
  /** Lint configuration; undefined turns lint off. Change it with setLintConfig. */
  private lint: LintConfig | undefined = {};
  private lintGeneration = 0;
  /** Problems found reading `.spl-detect.json`, `path: problem`. */
  configProblems: string[] = [];
  private cim: CimCatalogue | undefined;
  /** The symbolic links to folders the load followed (the editor watches them: watchers do not follow links). */
  linkedFolders: readonly string[] = [];

  /**
   * Reads every SPL-bearing file under the roots (and extra macro folders) from disk, and the lint
   * configuration from `.spl-detect.json` in the first root that has one.
   */
  static load(roots: string[], extraMacroDirs: string[] = []): Project {
    const project = new Project();
    project.loadLintConfig(roots);
    const { files, linkedFolders } = walkFiles([...roots, ...extraMacroDirs], (path) => classifyPath(path) !== undefined || classifyContentPath(path) !== undefined);
    project.linkedFolders = linkedFolders;
    for (const path of files) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      project.upsert(path, text);
    }
    return project;
  }

  /**
   * Adds or replaces a file; false for a file the project does not read. Detections are parsed
   * lazily, and the calls of a file longer than INDEX_AT_LOAD_LENGTH are found when first needed, so a
   * long file costs nothing while another one is checked or edited; data sources and stories only feed
   * the content index. `kind` defaults to what the path says; a file named on the command line may
   * say it by its content.
   */
  upsert(path: string, text: string, kind: DocumentKind | undefined = classifyPath(path)): boolean {
    if (!kind) return this.content.upsertContent(path, text);
    if (kind === 'detection') this.content.upsertDetection(path, text);
    const existing = this.entries.get(path);
    if (existing && existing.text === text) return true;
    const entry: Entry = { path, kind, text };
    const isMacroFile = kind === 'macro-yaml' || kind === 'macros-conf';
    if (isMacroFile || text.length <= INDEX_AT_LOAD_LENGTH) this.callsOf(entry);
    this.entries.set(path, entry);
    const before = existing ? existing.calls : [];
    if (!entry.calls || !before || !sameCalls(before, entry.calls)) this.referenceGeneration++;
    if (isMacroFile || existing?.document?.macros?.length) {
      this.macros.setDocument(this.documentOf(entry));
      this.macroGeneration++;
    }
    return true;
  }

  /** The file's macro calls: detections and .spl files through the fast reader when it can. */
  private callsOf(entry: Entry): LocatedCall[] {
    if (entry.calls) return entry.calls;
    const isMacroFile = entry.kind === 'macro-yaml' || entry.kind === 'macros-conf';
    const fast = isMacroFile ? undefined : fastCalls(entry.path, entry.text, entry.kind);
    entry.calls = fast ?? this.referencesOfEntry(entry).map(({ path, name, arity, span, nameSpan }) => ({ path, name, arity, span, nameSpan }));
    return entry.calls;
  }

  private referencesOfEntry(entry: Entry): MacroReference[] {
    return (entry.references ??= findReferences(this.documentOf(entry)));
  }

  remove(path: string): void {
    this.content.remove(path);
    const existing = this.entries.get(path);
    if (!existing) return;
    this.entries.delete(path);
    if (!existing.calls || existing.calls.length) this.referenceGeneration++;
    if (existing.document?.macros?.length) {
      this.macros.removeFile(path);
      this.macroGeneration++;
    }
  }

  /** Reads `.spl-detect.json` from the first root that holds one; none leaves the defaults. */
  loadLintConfig(roots: string[]): void {
    for (const root of roots) {
      const path = join(root, CONFIG_FILE_NAME);
      if (!existsSync(path)) continue;
      // A link to a file elsewhere, a named pipe or /dev/zero: refused, not read.
      const file = new ReadScope([root]).regularFile(path, CONFIG_FILE_NAME);
      if (!file.ok) {
        this.configProblems = [file.reason];
        return;
      }
      let text: string;
      try {
        text = readFileSync(file.path, 'utf8');
      } catch (error) {
        this.configProblems = [`${path}: ${(error as Error).message}`];
        return;
      }
      const parsed = parseLintConfigText(text, lintRules.map((r) => r.meta));
      this.configProblems = parsed.problems.map((p) => `${path}: ${p}`);
      this.setLintConfig(parsed.config);
      return;
    }
  }

  /** Replaces the lint configuration (undefined: no lint); cached analyses go stale. */
  setLintConfig(config: LintConfig | undefined): void {
    this.lint = config;
    this.lintGeneration++;
  }

  get lintConfig(): LintConfig | undefined {
    return this.lint;
  }

  /** The file's text as the project holds it, without reading it for SPL. */
  text(path: string): string | undefined {
    return this.entries.get(path)?.text;
  }

  /** The file's kind as its path (or content) says, without reading it for SPL. */
  kind(path: string): DocumentKind | undefined {
    return this.entries.get(path)?.kind;
  }

  document(path: string): SplDocument | undefined {
    const entry = this.entries.get(path);
    return entry && this.documentOf(entry);
  }

  /** Every document (parsing those not read yet). */
  documents(): SplDocument[] {
    return [...this.entries.values()].map((e) => this.documentOf(e));
  }

  get paths(): string[] {
    return [...this.entries.keys()];
  }

  private documentOf(entry: Entry): SplDocument {
    return (entry.document ??= readSplDocument(entry.path, entry.text));
  }

  /** Parse, macro and document diagnostics of one file; cached until the file or a macro changes. */
  analyze(path: string): DocumentAnalysis | undefined {
    return completeSteps(this.analysisSteps(path));
  }

  /**
   * What a run needs of a file's analysis: every error (what stops a run), the searches parsed and
   * expanded. The cached analysis when it is current; else one linted with only the rules that may
   * report an error (engine.ts, mayReportError), several times cheaper, and not cached: a hunt
   * prepares each of thousands of detections once, and keeps none of their analyses.
   */
  analyzeToRun(path: string): DocumentAnalysis | undefined {
    const entry = this.entries.get(path);
    if (!entry) return undefined;
    if (entry.analysis?.generation === this.generationOf(entry)) return entry.analysis.value;
    return analyzeDocument(this.documentOf(entry), { ...this.analysisContext(), lintErrorsOnly: true });
  }

  private analysisContext(): AnalysisContext {
    return {
      macros: this.macros,
      isReferenced: (n, a) => this.isReferenced(n, a),
      ...(this.lint ? { lint: this.lint, cim: (this.cim ??= new CimCatalogue()), repository: this.content, ...(this.ruleDocsBase !== undefined ? { ruleDocsBase: this.ruleDocsBase } : {}) } : {}),
    };
  }

  /** Where the rules' doc pages are: a fact of the installation, looked up on the disk once per project. */
  private readonly ruleDocsBase = defaultRuleDocsBase();

  /**
   * `analyze` in steps (one to read the file, then analysisSteps'). The project may change between
   * steps: an analysis that saw its file, the macros, the references or the lint configuration
   * change starts again, so what it returns and caches belongs to one state of the project.
   */
  *analysisSteps(path: string): Steps<DocumentAnalysis | undefined> {
    for (;;) {
      const entry = this.entries.get(path);
      if (!entry) return undefined;
      const generation = this.generationOf(entry);
      if (entry.analysis?.generation === generation) return entry.analysis.value;
      if (!entry.document) {
        this.documentOf(entry);
        yield;
        continue;
      }
      const value = yield* analysisSteps(entry.document, this.analysisContext());
      if (this.entries.get(path) !== entry || this.generationOf(entry) !== generation) continue;
      entry.analysis = { generation, value };
      return value;
    }
  }

  /** What a file's analysis depends on besides its text: macro files' hints also on every file's calls. */
  private generationOf(entry: Entry): string {
    const isMacroFile = entry.kind === 'macro-yaml' || entry.kind === 'macros-conf';
    const base = isMacroFile ? `${this.macroGeneration}:${this.referenceGeneration}` : `${this.macroGeneration}:${this.content.generation}`;
    return `${base}:${this.lintGeneration}`;
  }

  /** The calls of one file with the searches they sit in (parses the file if needed). */
  referencesIn(path: string): MacroReference[] {
    const entry = this.entries.get(path);
    return entry ? this.referencesOfEntry(entry) : [];
  }

  /** Every call of `name` (with `arity` arguments when given) in the workspace. */
  references(name: string, arity?: number): LocatedCall[] {
    const found: LocatedCall[] = [];
    for (const entry of this.entries.values()) {
      for (const reference of this.callsOf(entry)) {
        if (reference.name === name && (arity === undefined || reference.arity === arity)) found.push(reference);
      }
    }
    return found.sort((a, b) => a.path.localeCompare(b.path) || a.span.start - b.span.start);
  }

  isReferenced(name: string, arity: number): boolean {
    for (const entry of this.entries.values()) {
      if (this.callsOf(entry).some((r) => r.name === name && r.arity === arity)) return true;
    }
    return false;
  }
}

function findReferences(document: SplDocument): MacroReference[] {
  const references: MacroReference[] = [];
  for (const search of document.searches) {
    for (const call of scanAllMacroCalls(search.text)) {
      if (!call.name) continue;
      references.push({
        path: document.path,
        name: call.name,
        arity: call.args?.length ?? 0,
        span: spanToFile(search, call.span),
        nameSpan: spanToFile(search, call.nameSpan),
        call,
        search,
      });
    }
  }
  return references;
}

function sameCalls(a: LocatedCall[], b: LocatedCall[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((ref, i) => ref.name === b[i].name && ref.arity === b[i].arity);
}
