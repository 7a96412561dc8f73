// Language server entry: `node dist/server/server.js --stdio`. Wires the LSP connection to the
// feature adapters; the routing table below is the one place that says which request goes where.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type DocumentSymbol,
  type SemanticTokens,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysisCache';
import type { ServerContext, ServerLog } from './context';
import { DiagnosticsPublisher } from './diagnostics';
import { documentSymbols } from './documentSymbols';
import { guarded } from './guard';
import { semanticTokensFull, semanticTokensLegend, semanticTokensRange } from './semanticTokens';

/** Long enough to skip the intermediate states of a typing burst, short enough to feel live. */
const DIAGNOSTICS_SETTLE_MS = 150;

const capabilities: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: true },
  documentSymbolProvider: { label: 'SPL' },
};

function registerRoutes(connection: Connection, context: ServerContext): void {
  const { log } = context;
  connection.onDocumentSymbol(guarded(log, 'documentSymbol', (): DocumentSymbol[] => [], (params) => documentSymbols(context, params)));
  connection.languages.semanticTokens.on(
    guarded(log, 'semanticTokens/full', (): SemanticTokens => ({ data: [] }), (params) => semanticTokensFull(context, params)),
  );
  connection.languages.semanticTokens.onRange(
    guarded(log, 'semanticTokens/range', (): SemanticTokens => ({ data: [] }), (params) => semanticTokensRange(context, params)),
  );
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
  const diagnostics = new DiagnosticsPublisher(context, (params) => void connection.sendDiagnostics(params), DIAGNOSTICS_SETTLE_MS);

  connection.onInitialize(() => ({ capabilities, serverInfo: { name: 'spl-detection-workbench' } }));
  connection.onInitialized(() => log.info('SPL language server ready'));
  documents.onDidChangeContent(({ document }) => diagnostics.schedule(document));
  documents.onDidClose(({ document }) => diagnostics.clear(document.uri));
  registerRoutes(connection, context);

  documents.listen(connection);
  connection.listen();
}

main();
