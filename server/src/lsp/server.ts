// Language server entry: `node dist/server/server.js --stdio`. Wires the LSP connection to the
// feature adapters; the routing table below is the one place that says which request goes where.
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type DocumentLink,
  type DocumentSymbol,
  type InitializeParams,
  type Location,
  type SemanticTokens,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { AnalysisCache, definesMacros } from './analysisCache';
import { AnalysisJobs } from './analysisJobs';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { COMMANDS, executeCommand } from './commands';
import { completion, COMPLETION_TRIGGERS } from './completion';
import type { ClientSupport, ServerContext, ServerLog } from './context';
import { definition } from './definition';
import { detectionTests } from './detectionTests';
import { FramingGuard } from './framing';
import { DiagnosticsPublisher } from './diagnostics';
import { documentLinks } from './documentLinks';
import { documentSymbols } from './documentSymbols';
import { attempt, guarded, guardedWhenReady } from './guard';
import { hover } from './hover';
import { inlayHints } from './inlayHints';
import { LINE_DOCUMENTS } from './lineDocuments';
import { LinkedFolderWatchers } from './linkedFolderWatchers';
import {
  EVASION_REQUEST,
  LIST_TESTS_REQUEST,
  LOG_RECORD_REQUEST,
  NEW_DETECTION_REQUEST,
  RUN_DETECTION_REQUEST,
  RUN_TESTS_REQUEST,
  TEST_PROGRESS_NOTIFICATION,
  SAMPLE_LOG_REQUEST,
  SETTINGS_SECTION,
  WORKSPACE_TRUST_NOTIFICATION,
  type DetectionTestItem,
  type EvasionParams,
  type LogRecordParams,
  type NewDetectionParams,
  type NewDetectionResult,
  type RunDetectionParams,
  type RunTestsParams,
  HUNT_REQUEST,
  type HuntParams,
  type SampleLogParams,
  type WorkspaceTrustParams,
} from './protocol';
import { newDetection } from './newDetection';
import { references } from './references';
import { huntRequest } from './hunt';
import { logRecord, runDetectionRequest, sampleLog, type SettingsReader } from './runDetection';
import { EvasionChecks, evasionRequest } from './evasionChecks';
import { runTestsRequest } from './runTests';
import { RunStore } from './runStore';
import { prepareRename, rename } from './rename';
import { semanticTokensFull, semanticTokensLegend, semanticTokensRange } from './semanticTokens';
import { signatureHelp, SIGNATURE_TRIGGERS } from './signatureHelp';
import { pathToUri, uriToPath } from './uris';
import { watchedFilesChanged } from './watchedFiles';
import { WorkspaceLoader } from './workspaceLoader';
import { trustAtInitialization, workspaceTrustChanged } from './workspaceTrust';

/** Long enough to skip the intermediate states of a typing burst, short enough to feel live. */
const DIAGNOSTICS_SETTLE_MS = 150;

const capabilities: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: true },
  documentSymbolProvider: { label: 'SPL' },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentLinkProvider: { resolveProvider: false },
  completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
  signatureHelpProvider: { triggerCharacters: SIGNATURE_TRIGGERS },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  executeCommandProvider: { commands: COMMANDS },
  codeLensProvider: { resolveProvider: false },
  inlayHintProvider: { resolveProvider: false },
};

function registerRoutes(connection: Connection, context: ServerContext, diagnostics: DiagnosticsPublisher, loader: WorkspaceLoader): void {
  const { log } = context;
  const none = () => null;
  // Macro features answer from the whole workspace: they wait for its first load.
  const loaded = () => loader.loaded();
  connection.onDocumentSymbol(guarded(log, 'documentSymbol', (): DocumentSymbol[] => [], (params) => documentSymbols(context, params)));
  connection.languages.semanticTokens.on(
    guarded(log, 'semanticTokens/full', (): SemanticTokens => ({ data: [] }), (params) => semanticTokensFull(context, params)),
  );
  connection.languages.semanticTokens.onRange(
    guarded(log, 'semanticTokens/range', (): SemanticTokens => ({ data: [] }), (params) => semanticTokensRange(context, params)),
  );
  connection.onHover(guardedWhenReady(loaded, log, 'hover', none, (params) => hover(context, params)));
  connection.onDefinition(guardedWhenReady(loaded, log, 'definition', none, (params) => definition(context, params)));
  connection.onReferences(guardedWhenReady(loaded, log, 'references', (): Location[] => [], (params) => references(context, params)));
  connection.onPrepareRename(guardedWhenReady(loaded, log, 'prepareRename', none, (params) => prepareRename(context, params)));
  connection.onRenameRequest(guardedWhenReady(loaded, log, 'rename', none, (params) => rename(context, params)));
  connection.onDocumentLinks(guardedWhenReady(loaded, log, 'documentLink', (): DocumentLink[] => [], (params) => documentLinks(context, params)));
  connection.onCompletion(guardedWhenReady(loaded, log, 'completion', none, (params) => completion(context, params)));
  connection.onSignatureHelp(guardedWhenReady(loaded, log, 'signatureHelp', none, (params) => signatureHelp(context, params)));
  connection.onCodeAction(guardedWhenReady(loaded, log, 'codeAction', (): CodeAction[] => [], (params) => codeActions(context, params)));
  connection.onExecuteCommand(guardedWhenReady(loaded, log, 'executeCommand', none, (params) => executeCommand(context, params)));
  connection.onCodeLens(guarded(log, 'codeLens', () => [], (params) => codeLenses(context, params)));
  connection.languages.inlayHint.on(guarded(log, 'inlayHint', () => [], (params) => inlayHints(context, params)));
  registerRunRoutes(connection, context, loaded);
  connection.onDidChangeWatchedFiles((params) =>
    attempt(log, 'didChangeWatchedFiles', () => {
      if (watchedFilesChanged(context, params)) diagnostics.scheduleAll();
    }),
  );
}

/** Running detections: errors other than ResponseErrors are logged and answered as internal errors. */
function registerRunRoutes(connection: Connection, context: ServerContext, loaded: () => Promise<void>): void {
  const readSettings: SettingsReader = async (root) => {
    if (!context.client.configuration) return undefined;
    const [section] = await connection.workspace.getConfiguration([{ section: SETTINGS_SECTION, ...(root ? { scopeUri: pathToUri(root) } : {}) }]);
    return section;
  };
  const refresh = () => {
    connection.languages.inlayHint.refresh().catch(() => undefined);
    connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  connection.onRequest(SAMPLE_LOG_REQUEST, async (params: SampleLogParams) => {
    await loaded();
    return sampleLog(context, readSettings, params);
  });
  connection.onRequest(RUN_DETECTION_REQUEST, async (params: RunDetectionParams, token) => {
    await loaded();
    const result = await runDetectionRequest(context, readSettings, params, token);
    refresh();
    return result;
  });
  connection.onRequest(EVASION_REQUEST, async (params: EvasionParams) => {
    await loaded();
    return evasionRequest(context, params);
  });
  connection.onRequest(HUNT_REQUEST, async (params: HuntParams, token) => {
    await loaded();
    return huntRequest(context, connection, readSettings, params, token);
  });
  connection.onRequest(LOG_RECORD_REQUEST, async (params: LogRecordParams) => {
    await loaded();
    return logRecord(context, readSettings, params);
  });
  connection.onRequest(RUN_TESTS_REQUEST, async (params: RunTestsParams, token) => {
    await loaded();
    return runTestsRequest(context, readSettings, params, token, (progress) => void connection.sendNotification(TEST_PROGRESS_NOTIFICATION, progress));
  });
  connection.onRequest(LIST_TESTS_REQUEST, guardedWhenReady(loaded, context.log, 'listTests', (): DetectionTestItem[] => [], () => detectionTests(context)));
  connection.onNotification(WORKSPACE_TRUST_NOTIFICATION, (params: WorkspaceTrustParams) =>
    attempt(context.log, 'workspaceTrust', () => workspaceTrustChanged(context, params)),
  );
  connection.onRequest(
    NEW_DETECTION_REQUEST,
    guardedWhenReady(loaded, context.log, 'newDetection', (): NewDetectionResult => ({ error: 'The detection could not be created (see the output channel).' }), (params: NewDetectionParams) => newDetection(context, params)),
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

function clientSupport(params: InitializeParams): ClientSupport {
  return {
    documentChanges: params.capabilities.workspace?.workspaceEdit?.documentChanges === true,
    renameFiles: params.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('rename') === true,
    configuration: params.capabilities.workspace?.configuration === true,
    relativeFileWatchers:
      params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true &&
      params.capabilities.workspace.didChangeWatchedFiles.relativePatternSupport === true,
  };
}

/**
 * Over stdio (what `--stdio` and every client of this server use) the client's frames pass the
 * FramingGuard first, which logs and skips malformed ones; other transports are the library's.
 */
function connect(): Connection {
  const transports = ['--node-ipc', '--socket', '--pipe'];
  if (process.argv.slice(2).some((arg) => transports.some((t) => arg === t || arg.startsWith(`${t}=`)))) return createConnection(ProposedFeatures.all);
  // stdout carries the protocol: anything a library prints goes to stderr, the client's output channel.
  console.log = console.info = console.debug = console.error;
  const framing = new FramingGuard((problem) => connection.console.error(problem));
  const connection = createConnection(ProposedFeatures.all, process.stdin.pipe(framing), process.stdout);
  return connection;
}

function main(): void {
  const connection = connect();
  const documents = new TextDocuments(LINE_DOCUMENTS);
  const log: ServerLog = {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
  };
  const analyses = new AnalysisCache();
  const jobs = new AnalysisJobs(documents, analyses);
  const context: ServerContext = {
    documents,
    analyses,
    jobs,
    log,
    client: { documentChanges: false, configuration: false, relativeFileWatchers: false },
    runs: new RunStore(),
    evasions: new EvasionChecks(),
    workspaceTrusted: true,
  };
  let settleMs = DIAGNOSTICS_SETTLE_MS;
  const diagnostics = new DiagnosticsPublisher(context, (params) => void connection.sendDiagnostics(params), () => settleMs);
  // A macro, data source, story or detection id/name reached the project (its analysis, or a request on it): re-check the others.
  analyses.onSharedChange = (uri) => diagnostics.scheduleAll(uri);
  let roots: string[] = [];
  const loader = new WorkspaceLoader(connection, context, diagnostics, () => roots, new LinkedFolderWatchers(connection, context));

  connection.onInitialize((params) => {
    roots = workspaceRoots(params);
    context.client = clientSupport(params);
    context.workspaceTrusted = trustAtInitialization(params.initializationOptions);
    settleMs = settleTime(params.initializationOptions) ?? DIAGNOSTICS_SETTLE_MS;
    return { capabilities, serverInfo: { name: 'spl-detection-workbench' } };
  });
  connection.onInitialized(() => void loader.load());
  // The client sends this when splDetect.* changes; the loader reloads the workspace only if the macro
  // folders did, and re-checks open documents if the lint settings changed what lint runs with.
  connection.onDidChangeConfiguration((params) => void loader.load(params.settings));
  // An edit only updates the editor's text: the document is analysed once its edits settle.
  documents.onDidChangeContent(({ document }) => attempt(log, 'didChange', () => diagnostics.schedule(document)));
  documents.onDidClose(({ document }) =>
    attempt(log, 'didClose', () => {
      const content = context.analyses.contentGeneration;
      diagnostics.clear(document.uri);
      context.runs.delete(document.uri);
      context.evasions.delete(document.uri);
      if (definesMacros(document.uri) || context.analyses.contentGeneration !== content) diagnostics.scheduleAll(document.uri);
    }),
  );
  registerRoutes(connection, context, diagnostics, loader);

  documents.listen(connection);
  connection.listen();
}

main();
