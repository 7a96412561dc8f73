// Language server entry: `node dist/server/server.js --stdio`. Wires the LSP connection to the
// feature adapters; the routing table below is the one place that says which request goes where.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type DocumentSymbol,
  type InitializeParams,
  type SemanticTokens,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, definesMacros } from './analysisCache';
import type { ServerContext, ServerLog } from './context';
import { DiagnosticsPublisher } from './diagnostics';
import { documentSymbols } from './documentSymbols';
import { attempt, guarded } from './guard';
import { semanticTokensFull, semanticTokensLegend, semanticTokensRange } from './semanticTokens';
import { uriToPath } from './uris';
import { watchedFilesChanged } from './watchedFiles';

/** Long enough to skip the intermediate states of a typing burst, short enough to feel live. */
const DIAGNOSTICS_SETTLE_MS = 150;

const capabilities: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: true },
  documentSymbolProvider: { label: 'SPL' },
};

function registerRoutes(connection: Connection, context: ServerContext, diagnostics: DiagnosticsPublisher): void {
  const { log } = context;
  connection.onDocumentSymbol(guarded(log, 'documentSymbol', (): DocumentSymbol[] => [], (params) => documentSymbols(context, params)));
  connection.languages.semanticTokens.on(
    guarded(log, 'semanticTokens/full', (): SemanticTokens => ({ data: [] }), (params) => semanticTokensFull(context, params)),
  );
  connection.languages.semanticTokens.onRange(
    guarded(log, 'semanticTokens/range', (): SemanticTokens => ({ data: [] }), (params) => semanticTokensRange(context, params)),
  );
  connection.onDidChangeWatchedFiles((params) =>
    attempt(log, 'didChangeWatchedFiles', () => {
      if (watchedFilesChanged(context, params)) diagnostics.scheduleAll();
    }),
  );
}

/** `initializationOptions.diagnosticsSettleMs`: tests that replay many edits set it to 0. */
function settleTime(options: unknown): number | undefined {
  const value = (options as { diagnosticsSettleMs?: unknown } | null | undefined)?.diagnosticsSettleMs;
  return typeof value === 'number' && value >= 0 && value <= 10_000 ? value : undefined;
}

/** Workspace folders as paths; the root uri for clients without folder support. */
function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(uriToPath).filter((path): path is string => path !== undefined);
}

function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log: ServerLog = {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
  };
  const context: ServerContext = { documents, analyses: new AnalysisCache(), log };
  let settleMs = DIAGNOSTICS_SETTLE_MS;
  const diagnostics = new DiagnosticsPublisher(context, (params) => void connection.sendDiagnostics(params), () => settleMs);
  let roots: string[] = [];

  connection.onInitialize((params) => {
    roots = workspaceRoots(params);
    settleMs = settleTime(params.initializationOptions) ?? DIAGNOSTICS_SETTLE_MS;
    return { capabilities, serverInfo: { name: 'spl-detection-workbench' } };
  });
  connection.onInitialized(() => {
    attempt(log, 'loading the workspace', () => {
      const files = context.analyses.loadWorkspace(roots);
      log.info(`SPL language server ready: ${files} SPL file(s) in ${roots.join(', ') || 'no workspace folder'}`);
    });
    diagnostics.scheduleAll();
  });
  documents.onDidChangeContent(({ document }) => {
    // The project must hold this text before any other document is analysed against its macros.
    attempt(log, 'didChange', () => context.analyses.sync(document));
    diagnostics.schedule(document);
    if (definesMacros(document.uri)) diagnostics.scheduleAll(document.uri);
  });
  documents.onDidClose(({ document }) =>
    attempt(log, 'didClose', () => {
      diagnostics.clear(document.uri);
      if (definesMacros(document.uri)) diagnostics.scheduleAll(document.uri);
    }),
  );
  registerRoutes(connection, context, diagnostics);

  documents.listen(connection);
  connection.listen();
}

main();
