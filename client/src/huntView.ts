// The "Hunt Results" view (Explorer): the last hunt's detections with hits, each with its row and
// event counts; a detection opens at its search, an event opens the log at its line (an .evtx
// event: its record). Detections that could not run are listed under "Cannot run" with the reason.
// The hit lines are highlighted in the hunted log, with a hover naming the detections.
import * as vscode from 'vscode';
import type { HuntDetectionInfo, HuntResult, HuntSkipInfo } from '../../server/src/lsp/protocol';
import type { RecordPosition } from '../../server/src/text/logPosition';
import { eventLineItem, eventRecordItem } from './eventItems';

export const HUNT_VIEW_ID = 'splDetect.huntResults';

/** The last hunt's answer; the view and the highlights follow it. */
export class HuntResults implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  current: HuntResult | undefined;

  set(result: HuntResult): void {
    this.current = result;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

type Node =
  | { kind: 'detection'; hit: HuntDetectionInfo; logPath: string }
  | { kind: 'event'; logPath: string; line: number }
  | { kind: 'record'; uri: string; position: RecordPosition }
  | { kind: 'skipped'; skipped: HuntSkipInfo[] }
  | { kind: 'skip'; skip: HuntSkipInfo };

class HuntTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly results: HuntResults) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    const result = this.results.current;
    if (!result) return [];
    if (!node) {
      const hits = result.hits.map((hit): Node => ({ kind: 'detection', hit, logPath: result.logPath }));
      return result.skipped.length > 0 ? [...hits, { kind: 'skipped', skipped: result.skipped }] : hits;
    }
    if (node.kind === 'detection') {
      const records = (node.hit.records ?? []).map((position): Node => ({ kind: 'record', uri: node.hit.uri, position }));
      return [...node.hit.events.map((line): Node => ({ kind: 'event', logPath: node.logPath, line })), ...records];
    }
    if (node.kind === 'skipped') return node.skipped.map((skip): Node => ({ kind: 'skip', skip }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'detection': {
        const item = new vscode.TreeItem(node.hit.name, vscode.TreeItemCollapsibleState.Collapsed);
        const events = node.hit.events.length + (node.hit.records?.length ?? 0);
        item.description = `${node.hit.rows} row${node.hit.rows === 1 ? '' : 's'}, ${events} event${events === 1 ? '' : 's'}`;
        item.tooltip = vscode.Uri.parse(node.hit.uri).fsPath;
        item.iconPath = new vscode.ThemeIcon('target');
        item.command = openAt(node.hit.uri, new vscode.Position(node.hit.line, 0), 'Open the detection');
        return item;
      }
      case 'event':
        return eventLineItem(node.logPath, node.line);
      case 'record':
        return eventRecordItem(node.uri, node.position);
      case 'skipped': {
        const item = new vscode.TreeItem(`Cannot run (${node.skipped.length})`, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'skip': {
        const item = new vscode.TreeItem(node.skip.name);
        item.description = node.skip.reason;
        item.tooltip = node.skip.reason;
        item.iconPath = new vscode.ThemeIcon('error');
        item.command = openAt(node.skip.uri, new vscode.Position(node.skip.range.start.line, node.skip.range.start.character), 'Open the detection where it fails');
        return item;
      }
    }
  }
}

function openAt(uri: string, position: vscode.Position, title: string): vscode.Command {
  return { title, command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection: new vscode.Range(position, position), preview: true }] };
}

export function registerHuntView(context: vscode.ExtensionContext, results: HuntResults): void {
  const tree = new HuntTree(results);
  const view = vscode.window.createTreeView(HUNT_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const hit = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  const decorate = () => {
    for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(hit, decorationsFor(editor.document, results.current));
  };
  const update = () => {
    tree.refresh();
    const r = results.current;
    view.message = r
      ? `${r.ran} detections ran on ${vscode.workspace.asRelativePath(r.logPath)}: ${r.hits.length} with hits, ${r.skipped.length} cannot run; ${r.stats.events} events in ${r.stats.ms} ms${r.stats.cancelled ? ' (stopped)' : ''}`
      : undefined;
    decorate();
  };
  context.subscriptions.push(view, hit, results.onDidChange(update), vscode.window.onDidChangeVisibleTextEditors(decorate));
}

function decorationsFor(document: vscode.TextDocument, result: HuntResult | undefined): vscode.DecorationOptions[] {
  if (!result || document.uri.scheme !== 'file' || vscode.Uri.file(result.logPath).fsPath !== document.uri.fsPath) return [];
  const byLine = new Map<number, string[]>();
  for (const hit of result.hits) for (const line of hit.events) byLine.set(line, [...(byLine.get(line) ?? []), `**${hit.name}**`]);
  const decorations: vscode.DecorationOptions[] = [];
  for (const [line, names] of byLine) {
    if (line < 1 || line > document.lineCount) continue;
    decorations.push({ range: document.lineAt(line - 1).range, hoverMessage: new vscode.MarkdownString(`Hunt: ${names.join(', ')}`) });
  }
  return decorations;
}
