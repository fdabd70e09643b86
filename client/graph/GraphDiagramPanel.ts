import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import type { GraphModelResult } from '../../protocol/lspExtensions';
import { parseGraphDiagramMessage, type GraphDiagramMessage } from '../../protocol/webviewMessages';
import { registerCommand } from '../commands/registerCommand';
import { specTarget } from '../commands/specTarget';
import type { LanguageClientManager } from '../LanguageClientManager';
import { specKindOf } from '../specDocuments';
import { graphDiagramHtml } from './graphDiagramHtml';

const REFRESH_DELAY_MS = 300;

/**
 * "Show graph": a webview per spec with its tables and edges (from `relgraph/graphModel`), repainted as
 * the spec is edited and its diagnostics change, so a table that loses its training-graph match turns red
 * while typing. Clicking a table opens its definition.
 */
export class GraphDiagramPanel implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly clients: LanguageClientManager,
    log: vscode.LogOutputChannel,
  ) {
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
      existing.reveal(vscode.ViewColumn.Beside);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'relgraph.graph',
      `Graph: ${path.basename(uri.fsPath)}`,
      vscode.ViewColumn.Beside,
      {
        enableScripts: true,
        localResourceRoots: [],
      },
    );
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      this.panels.delete(key);
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
    });
    panel.webview.onDidReceiveMessage((received: unknown) => {
      const message = parseGraphDiagramMessage(received);
      if (message?.type === 'reveal') void this.reveal(message.uri, message.range);
    });
    await this.render(uri, panel);
  }

  private scheduleRefresh(changed: vscode.Uri): void {
    // A graph file shown for a prediction spec changes too: refresh every open panel on any spec change.
    if (this.panels.size === 0 || !specKindOf(changed)) return;
    for (const [panelKey, panel] of this.panels) {
      clearTimeout(this.timers.get(panelKey));
      this.timers.set(
        panelKey,
        setTimeout(() => void this.render(vscode.Uri.parse(panelKey), panel), REFRESH_DELAY_MS),
      );
    }
  }

  private async render(uri: vscode.Uri, panel: vscode.WebviewPanel): Promise<void> {
    let model: GraphModelResult | undefined;
    try {
      model = await this.clients.graphModel(uri);
    } catch (error) {
      model = undefined;
      void vscode.window.setStatusBarMessage(`Relgraph: the graph could not be read: ${error}`, 5_000);
    }
    if (!this.panels.has(uri.toString())) return; // closed while waiting
    if (!model) {
      panel.webview.html = message('The Relgraph language server is not running, or this file is not open.');
      return;
    }
    if (model.tables.length === 0) {
      panel.webview.html = message('This spec has no graph yet (or its graph file cannot be read).');
      return;
    }
    panel.webview.html = graphDiagramHtml(
      model,
      path.basename(uri.fsPath),
      randomBytes(16).toString('base64'),
      panel.webview.cspSource,
    );
  }

  private async reveal(uri: string, range: GraphDiagramMessage['range']): Promise<void> {
    const target = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(uri), {
      selection: target,
      viewColumn: vscode.ViewColumn.One,
    });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const panel of this.panels.values()) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function message(text: string): string {
  return `<!DOCTYPE html><html><body style="font-family: var(--vscode-font-family); padding: 12px">${text}</body></html>`;
}
