import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CimCatalogue } from '../engine/cim/catalogue';
import { CONFIG_FILE_NAME, parseLintConfigText, type LintConfig } from '../lint/config';
import { rules as lintRules } from '../lint/registry';
import { MacroIndex } from '../macros/macroIndex';
import { scanMacroCalls, type MacroCall } from '../macros/scan';
import type { Span } from '../text/span';
import { analyzeDocument, type DocumentAnalysis } from './analyze';
import { discoverFiles } from './discover';
import { classifyPath, readSplDocument, type SplDocument } from './documents';
import { spanToFile, type EmbeddedSearch } from './embeddedSearch';

/** A macro call as written in a file: its spans are file offsets. */
export interface MacroReference {
  path: string;
  name: string;
  arity: number;
  /** The whole call with backticks. */
  span: Span;
  nameSpan: Span;
  call: MacroCall;
  search: EmbeddedSearch;
}

interface Entry {
  document: SplDocument;
  references: MacroReference[];
  analysis?: { generation: string; value: DocumentAnalysis };
}

/**
 * The files of a workspace that hold SPL, their macro index and their macro references. Shared by
 * the CLI and the language server; updated one file at a time as files change.
 */
export class Project {
  readonly macros = new MacroIndex();
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

  /**
   * Reads every SPL-bearing file under the roots (and extra macro folders) from disk, and the lint
   * configuration from `.spl-detect.json` in the first root that has one.
   */
  static load(roots: string[], extraMacroDirs: string[] = []): Project {
    const project = new Project();
    project.loadLintConfig(roots);
    for (const path of discoverFiles([...roots, ...extraMacroDirs])) {
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

  /** Adds or replaces a file; returns its document, or undefined for a file that holds no SPL. */
  upsert(path: string, text: string): SplDocument | undefined {
    const kind = classifyPath(path);
    if (!kind) return undefined;
    const existing = this.entries.get(path);
    if (existing && existing.document.text === text) return existing.document;
    const document = readSplDocument(path, text);
    const references = findReferences(document);
    this.entries.set(path, { document, references });
    if (!sameCalls(existing?.references ?? [], references)) this.referenceGeneration++;
    if (document.kind === 'macro-yaml' || document.kind === 'macros-conf' || existing?.document.macros?.length) {
      this.macros.setDocument(document);
      this.macroGeneration++;
    }
    return document;
  }

  remove(path: string): void {
    const existing = this.entries.get(path);
    if (!existing) return;
    this.entries.delete(path);
    if (existing.references.length) this.referenceGeneration++;
    if (existing.document.macros?.length) {
      this.macros.removeFile(path);
      this.macroGeneration++;
    }
  }

  /** Reads `.spl-detect.json` from the first root that holds one; none leaves the defaults. */
  loadLintConfig(roots: string[]): void {
    for (const root of roots) {
      const path = join(root, CONFIG_FILE_NAME);
      if (!existsSync(path)) continue;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
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

  document(path: string): SplDocument | undefined {
    return this.entries.get(path)?.document;
  }

  documents(): SplDocument[] {
    return [...this.entries.values()].map((e) => e.document);
  }

  /** Parse, macro and document diagnostics of one file; cached until the file or a macro changes. */
  analyze(path: string): DocumentAnalysis | undefined {
    const entry = this.entries.get(path);
    if (!entry) return undefined;
    const isMacroFile = entry.document.kind === 'macro-yaml' || entry.document.kind === 'macros-conf';
    const base = isMacroFile ? `${this.macroGeneration}:${this.referenceGeneration}` : `${this.macroGeneration}`;
    const generation = `${base}:${this.lintGeneration}`;
    if (entry.analysis?.generation === generation) return entry.analysis.value;
    const value = analyzeDocument(entry.document, {
      macros: this.macros,
      isReferenced: (n, a) => this.isReferenced(n, a),
      ...(this.lint ? { lint: this.lint, cim: (this.cim ??= new CimCatalogue()) } : {}),
    });
    entry.analysis = { generation, value };
    return value;
  }

  referencesIn(path: string): MacroReference[] {
    return this.entries.get(path)?.references ?? [];
  }

  /** Every call of `name` (with `arity` arguments when given) in the workspace. */
  references(name: string, arity?: number): MacroReference[] {
    const found: MacroReference[] = [];
    for (const entry of this.entries.values()) {
      for (const reference of entry.references) {
        if (reference.name === name && (arity === undefined || reference.arity === arity)) found.push(reference);
      }
    }
    return found.sort((a, b) => a.path.localeCompare(b.path) || a.span.start - b.span.start);
  }

  isReferenced(name: string, arity: number): boolean {
    for (const entry of this.entries.values()) {
      if (entry.references.some((r) => r.name === name && r.arity === arity)) return true;
    }
    return false;
  }
}

function findReferences(document: SplDocument): MacroReference[] {
  const references: MacroReference[] = [];
  for (const search of document.searches) {
    for (const call of scanMacroCalls(search.text).calls) {
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

function sameCalls(a: MacroReference[], b: MacroReference[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((ref, i) => ref.name === b[i].name && ref.arity === b[i].arity);
}
