// Language server figures, driven over stdio like an editor on the corpus workspace: cold start to
// the first diagnostics of an opened detection, hover on a macro call, completion after a backtick,
// diagnostics after an edit (p50/p99), and the server's memory afterwards. Then large documents, with
// the editor's own typing debounce: a hover on the detection right after each edit of a 2 MB
// savedsearches.conf, and while that document is analysed; the server's memory with a 20 MB one open.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { largeSavedSearches } from '../test/support/largeDocuments';
import { BenchLspClient } from './lspClient';
import { median, percentile } from './stats';

export interface LatencyFigure {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LspFigures {
  detection: string;
  coldStartMs: number;
  coldStartRunsMs: number[];
  firstDiagnostics: number;
  hover: LatencyFigure;
  completion: LatencyFigure & { items: number };
  diagnosticsAfterEdit: LatencyFigure;
  rssMb: number;
  peakRssMb: number;
  largeDocuments: LargeDocumentFigures;
}

export interface LargeDocumentFigures {
  /** The 2 MB document: characters and saved searches. */
  editedChars: number;
  editedSearches: number;
  /** A hover on the detection right after each edit of the 2 MB document. */
  hoverAfterEdit: LatencyFigure;
  /** From the last edit of the burst to the diagnostics of that version. */
  lastVersionDiagnosticsMs: number;
  /** Hovers on the detection sent one after another while the 2 MB document was being analysed. */
  hoverDuringAnalysis: LatencyFigure;
  /** A fresh server with the detection open (RSS before), then a 20 MB document opened too (after its diagnostics: DOC009). */
  hugeChars: number;
  rssBeforeHugeMb: number;
  hugeRssMb: number;
  hugePeakRssMb: number;
  /** From sending the 20 MB document to its diagnostics. */
  hugeDiagnosticsMs: number;
}

export interface LspBenchOptions {
  serverPath: string;
  workspace: string;
  detection: string;
  coldStarts: number;
  requests: number;
  progress: (message: string) => void;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function latency(samples: number[]): LatencyFigure {
  return { requests: samples.length, p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99), maxMs: Math.max(...samples) };
}

async function timed<T>(samples: number[], action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await action();
  samples.push(performance.now() - started);
  return value;
}

export async function runLspBench(options: LspBenchOptions): Promise<LspFigures> {
  const text = readFileSync(options.detection, 'utf8');
  const macroCall = text.indexOf('`process_msiexec`');
  const backtick = text.indexOf('`security_content_summariesonly`');
  const editAt = text.indexOf('| `drop_dm_object_name');
  if (macroCall < 0 || backtick < 0 || editAt < 0) throw new Error(`${options.detection} is not the msiexec detection the LSP bench expects`);

  const coldStarts: number[] = [];
  let firstDiagnostics = 0;
  for (let i = 0; i < options.coldStarts; i++) {
    options.progress(`lsp cold start ${i + 1}/${options.coldStarts}`);
    const started = performance.now();
    const client = await BenchLspClient.start(options.serverPath, options.workspace);
    const uri = pathToFileURL(options.detection).href;
    const published = client.diagnostics(uri);
    await client.open(options.detection, text);
    firstDiagnostics = (await published).diagnostics.length;
    coldStarts.push(performance.now() - started);
    await client.stop();
  }

  // The editor's typing debounce (150 ms by default) is set to 0: the figure is the server's own latency.
  const client = await BenchLspClient.start(options.serverPath, options.workspace, { diagnosticsSettleMs: 0 });
  try {
    const first = client.diagnostics(pathToFileURL(options.detection).href);
    const uri = await client.open(options.detection, text);
    await first;
    const textDocument = { uri };

    options.progress(`lsp hover x${options.requests}`);
    const hover: number[] = [];
    const hoverPosition = positionAt(text, macroCall + 4);
    for (let i = 0; i < options.requests; i++) {
      const answer = await timed(hover, () => client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument, position: hoverPosition }));
      if (!answer) throw new Error('no hover on the macro call');
    }

    options.progress(`lsp completion x${options.requests}`);
    const completion: number[] = [];
    const completionPosition = positionAt(text, backtick + 1);
    let items = 0;
    for (let i = 0; i < options.requests; i++) {
      const answer = await timed(completion, () => client.request<{ items: unknown[] } | unknown[] | null>('textDocument/completion', { textDocument, position: completionPosition }));
      items = Array.isArray(answer) ? answer.length : (answer?.items.length ?? 0);
      if (items === 0) throw new Error('no completion items after a backtick');
    }

    options.progress(`lsp diagnostics after edit x${options.requests}`);
    const edits: number[] = [];
    for (let i = 0; i < options.requests; i++) {
      // Alternate between two real edits of the search so every change is a new text.
      const edited = i % 2 === 0 ? `${text.slice(0, editAt)} ${text.slice(editAt)}` : text;
      await timed(edits, () => client.change(uri, edited));
    }
    const memory = client.memory();
    const largeDocuments = await largeDocumentFigures(options, text, macroCall);
    return {
      detection: options.detection,
      coldStartMs: median(coldStarts),
      coldStartRunsMs: coldStarts.map(Math.round),
      firstDiagnostics,
      hover: latency(hover),
      completion: { ...latency(completion), items },
      diagnosticsAfterEdit: latency(edits),
      rssMb: memory.rssMb,
      peakRssMb: memory.peakRssMb,
      largeDocuments,
    };
  } finally {
    await client.stop();
  }
}

/** What the editor sends when the user types one character at the end of line 1. */
function typing(uri: string, version: number, character: number) {
  return { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 1, character }, end: { line: 1, character } }, text: 'x' }] };
}

async function largeDocumentFigures(options: LspBenchOptions, detectionText: string, macroCall: number): Promise<LargeDocumentFigures> {
  const edited = largeSavedSearches(2_000_000);
  const path = join(options.workspace, 'large_bench/default/savedsearches.conf');
  const hoverParams = { textDocument: { uri: pathToFileURL(options.detection).href }, position: positionAt(detectionText, macroCall + 4) };
  // The editor's debounce (no diagnosticsSettleMs): edits come faster than it, as when typing.
  const client = await BenchLspClient.start(options.serverPath, options.workspace);
  let figures: Omit<LargeDocumentFigures, 'hugeChars' | 'rssBeforeHugeMb' | 'hugeRssMb' | 'hugePeakRssMb' | 'hugeDiagnosticsMs'>;
  try {
    const detectionPublished = client.diagnostics(hoverParams.textDocument.uri);
    await client.open(options.detection, detectionText);
    await detectionPublished;
    const uri = pathToFileURL(path).href;
    const opened = client.diagnostics(uri, 1);
    await client.open(path, edited.text);
    await opened;
    options.progress(`lsp hover after each edit of a 2 MB document x${options.requests}`);
    const lineLength = edited.text.split('\n', 2)[1].length;
    const hoverAfterEdit: number[] = [];
    let version = 1;
    for (let i = 0; i < options.requests; i++) {
      await client.notify('textDocument/didChange', typing(uri, ++version, lineLength + i));
      await timed(hoverAfterEdit, () => client.request('textDocument/hover', hoverParams));
    }
    const lastEdit = performance.now();
    let analysed = false;
    const published = client.diagnostics(uri, version).then(() => {
      analysed = true;
      return performance.now() - lastEdit;
    });
    options.progress('lsp hover while the 2 MB document is analysed');
    const hoverDuringAnalysis: number[] = [];
    while (!analysed) await timed(hoverDuringAnalysis, () => client.request('textDocument/hover', hoverParams));
    figures = {
      editedChars: edited.text.length,
      editedSearches: edited.searches,
      hoverAfterEdit: latency(hoverAfterEdit),
      lastVersionDiagnosticsMs: await published,
      hoverDuringAnalysis: latency(hoverDuringAnalysis),
    };
  } finally {
    await client.stop();
  }
  options.progress('lsp memory with a 20 MB document open');
  const huge = largeSavedSearches(20_000_000).text;
  const fresh = await BenchLspClient.start(options.serverPath, options.workspace);
  try {
    const ready = fresh.diagnostics(hoverParams.textDocument.uri);
    await fresh.open(options.detection, detectionText);
    await ready;
    const before = fresh.memory();
    const uri = pathToFileURL(path).href;
    const published = fresh.diagnostics(uri, 1);
    const started = performance.now();
    await fresh.open(path, huge);
    await published;
    const hugeDiagnosticsMs = performance.now() - started;
    const memory = fresh.memory();
    return { ...figures, hugeChars: huge.length, rssBeforeHugeMb: before.rssMb, hugeRssMb: memory.rssMb, hugePeakRssMb: memory.peakRssMb, hugeDiagnosticsMs };
  } finally {
    await fresh.stop();
  }
}
