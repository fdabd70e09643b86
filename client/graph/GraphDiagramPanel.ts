import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import type { GraphModelResult } from '../../protocol/lspExtensions';
import { parseGraphDiagramMessage, type GraphDiagramHostMessage } from '../../protocol/webviewMessages';
import { registerCommand } from '../commands/registerCommand';
import { specTarget } from '../commands/specTarget';
import type { LanguageClientManager } from '../LanguageClientManager';
import { specKindOf } from '../specDocuments';
import { graphDiagramHtml } from './graphDiagramHtml';

const REFRESH_DELAY_MS = 300;

interface DiagramPanel {
  panel: vscode.WebviewPanel;
  uri: vscode.Uri;
  /** The model the page shows: what a click on a table or an edge reveals. */
  model?: GraphModelResult;
}

/**
 * "Show graph": a webview per spec with its tables and edges (from `relgraph/graphModel`), laid out by ELK
 * in the page. While the spec is edited and its diagnostics change, the page gets the new model as a
 * message (not a new page), so it keeps its zoom and scroll and lays out again only when the graph's shape
 * changed. A click on a table or an edge opens its definition.
 */
export class GraphDiagramPanel implements vscode.Disposable {
  private readonly panels = new Map<string, DiagramPanel>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[];
  private readonly webviewRoot: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly clients: LanguageClientManager,
    log: vscode.LogOutputChannel,
  ) {
    this.webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.disposables = [
      registerCommand(log, RelgraphCommands.showGraph, (arg?: unknown) => this.show(arg)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleRefresh(event.document.uri)),
      vscode.languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) this.scheduleRefresh(uri);
      }),
    ];
  }

  private async show(arg: unknown): Promise<void> {
    const uri = specTarget(arg, ['graph', 'training', 'prediction']);
    if (!uri) return;
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      return;
    }
    const title = `Graph: ${path.basename(uri.fsPath)}`;
    const panel = vscode.window.createWebviewPanel('relgraph.graph', title, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [this.webviewRoot],
    });
    const state: DiagramPanel = { panel, uri };
    this.panels.set(key, state);
    panel.onDidDispose(() => {
      this.panels.delete(key);
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
    });
    panel.webview.onDidReceiveMessage((received: unknown) => {
      const message = parseGraphDiagramMessage(received);
      if (message?.type === 'ready') void this.refresh(state);
      else if (message?.type === 'reveal') void this.reveal(state, message);
    });
    const asUri = (...parts: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, ...parts));
    panel.webview.html = graphDiagramHtml(
      title,
      {
        script: asUri('graphDiagram.js').toString(),
        codicons: asUri('codicons', 'codicon.css').toString(),
        cspSource: panel.webview.cspSource,
      },
      randomBytes(16).toString('base64'),
    );
  }

  private scheduleRefresh(changed: vscode.Uri): void {
    // A graph file shown for a prediction spec changes too: refresh every open panel on any spec change.
    if (this.panels.size === 0 || !specKindOf(changed)) return;
    for (const [key, state] of this.panels) {
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => void this.refresh(state), REFRESH_DELAY_MS),
      );
    }
  }

  private async refresh(state: DiagramPanel): Promise<void> {
    let model: GraphModelResult | undefined;
    try {
      model = await this.clients.graphModel(state.uri);
    } catch (error) {
      void vscode.window.setStatusBarMessage(`Relgraph: the graph could not be read: ${error}`, 5_000);
    }
    if (!this.panels.has(state.uri.toString())) return; // closed while waiting
    let message: GraphDiagramHostMessage;
    if (!model)
      message = { type: 'empty', message: 'The Relgraph language server is not running, or this file is not open.' };
    else if (model.tables.length === 0)
      message = { type: 'empty', message: 'This spec has no graph yet (or its graph file cannot be read).' };
    else message = { type: 'model', model: { title: path.basename(state.uri.fsPath), graph: model } };
    state.model = model;
    void state.panel.webview.postMessage(message);
  }

  private async reveal(
    state: DiagramPanel,
    message: { what: 'table'; name: string } | { what: 'edge'; index: number },
  ): Promise<void> {
    const target =
      message.what === 'table'
        ? state.model?.tables.find((t) => t.name === message.name)
        : state.model?.edges[message.index];
    if (!target) return;
    const { start, end } = target.range;
    await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), {
      selection: new vscode.Range(start.line, start.character, end.line, end.character),
      viewColumn: vscode.ViewColumn.One,
    });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
