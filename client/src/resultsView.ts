// The "Detection Results" view (Explorer): per detection run, one node per result (its key fields);
// under it the fields and the events, and an event opens the log at its line (an event of an .evtx
// log: its record, as a read-only document).
import * as vscode from 'vscode';
import { SHOW_RUN_RESULTS_CLIENT_COMMAND, type RunDetectionResult, type RunResultRow } from '../../server/src/lsp/protocol';
import { describeEvents, type RecordPosition } from '../../server/src/text/logPosition';
import { eventLineItem, eventRecordItem, OPEN_LOG_LINE_COMMAND } from './eventItems';
import { shownProblems } from './runProblems';
import { fieldText, keyFieldsOf, type RunResults } from './runResults';

export const RESULTS_VIEW_ID = 'splDetect.results';

type Node =
  | { kind: 'run'; uri: string; run: RunDetectionResult }
  | { kind: 'result'; uri: string; run: RunDetectionResult; row: RunResultRow; index: number }
  | { kind: 'field'; name: string; value: string }
  | { kind: 'event'; logPath: string; line: number }
  | { kind: 'record'; uri: string; position: RecordPosition }
  | { kind: 'problem'; message: string; severity: 'error' | 'warning' };

class ResultsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The nodes of the runs, so `reveal` gets the same objects the tree shows. */
  private runNodes = new Map<string, Node>();

  constructor(private readonly results: RunResults) {}

  refresh(): void {
    this.runNodes = new Map();
    this.changed.fire();
  }

  runNode(uri: string): Node | undefined {
    if (this.runNodes.size === 0) this.getChildren();
    return this.runNodes.get(uri);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const nodes = this.results.all().map(([uri, run]): Node => this.runNodes.get(uri) ?? { kind: 'run', uri, run });
      this.runNodes = new Map(nodes.map((n) => [(n as { uri: string }).uri, n]));
      return nodes;
    }
    if (node.kind === 'run') {
      const problems = shownProblems(node.run).map((p): Node => ({ kind: 'problem', message: p.text, severity: p.severity }));
      return [...problems, ...node.run.results.map((row, index): Node => ({ kind: 'result', uri: node.uri, run: node.run, row, index }))];
    }
    if (node.kind === 'result') {
      const fields = Object.entries(node.row.fields).map(([name, value]): Node => ({ kind: 'field', name, value: fieldText(value) }));
      const records = (node.row.records ?? []).map((position): Node => ({ kind: 'record', uri: node.uri, position }));
      return [...fields, ...node.row.events.map((line): Node => ({ kind: 'event', logPath: node.run.logPath, line })), ...records];
    }
    return [];
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'run': {
        const item = new vscode.TreeItem(node.run.detection, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.run.results.length} result${node.run.results.length === 1 ? '' : 's'} from ${node.run.stats.eventsRead} events`;
        item.tooltip = `${vscode.Uri.parse(node.uri).fsPath}\non ${node.run.logPath}`;
        item.iconPath = new vscode.ThemeIcon(node.run.ok ? 'beaker' : 'error');
        item.resourceUri = vscode.Uri.parse(node.uri);
        return item;
      }
      case 'result': {
        const item = new vscode.TreeItem(`Result ${node.index + 1}: ${keyFieldsOf(node.row)}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = describeEvents(node.row);
        item.iconPath = new vscode.ThemeIcon('pass');
        return item;
      }
      case 'field': {
        const item = new vscode.TreeItem(node.name);
        item.description = node.value;
        item.tooltip = `${node.name} = ${node.value}`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        return item;
      }
      case 'event':
        return eventLineItem(node.logPath, node.line);
      case 'record':
        return eventRecordItem(node.uri, node.position);
      case 'problem': {
        const item = new vscode.TreeItem(node.message);
        item.tooltip = node.message;
        item.iconPath = new vscode.ThemeIcon(node.severity);
        return item;
      }
    }
  }
}

export function registerResultsView(context: vscode.ExtensionContext, results: RunResults): void {
  const tree = new ResultsTree(results);
  const view = vscode.window.createTreeView(RESULTS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    view,
    results.onDidChange(() => tree.refresh()),
    vscode.commands.registerCommand(OPEN_LOG_LINE_COMMAND, (logPath: string, line: number) => openLogLine(logPath, line)),
    vscode.commands.registerCommand(SHOW_RUN_RESULTS_CLIENT_COMMAND, async (uri?: string) => {
      await vscode.commands.executeCommand(`${RESULTS_VIEW_ID}.focus`);
      const node = uri ? tree.runNode(uri) : undefined;
      if (node) await view.reveal(node, { select: true, focus: true, expand: 1 });
    }),
  );
}

async function openLogLine(logPath: string, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(logPath));
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
}
