// Language server figures, driven over stdio like an editor on the corpus workspace: cold start to
// the first diagnostics of an opened detection, hover on a macro call, completion after a backtick,
// diagnostics after an edit (p50/p99), and the server's memory afterwards.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
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
    };
  } finally {
    await client.stop();
  }
}
