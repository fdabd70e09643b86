import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import { RELGRAPH_PROTOCOL_VERSION } from '../../protocol/lspExtensions';
import {
  ClosePreviewNotification,
  OpenPreviewRequest,
  PreviewExportRequest,
  PreviewNeighboursRequest,
  PreviewPageRequest,
  PreviewStatsRequest,
  type OpenPreviewResult,
  type PreviewView,
} from '../../protocol/outputPreview';
import {
  parsePredictionPreviewMessage,
  type PredictionPreviewHostMessage,
  type PredictionPreviewMessage,
} from '../../protocol/webviewMessages';
import { registerCommand } from '../commands/registerCommand';
import type { LanguageClientManager } from '../LanguageClientManager';
import { previewPageHtml } from './previewPageHtml';
import { parsePreviewTarget, type PreviewTarget } from './previewTarget';

const v = RELGRAPH_PROTOCOL_VERSION;
const NEIGHBOURS = 10;
const NOT_RUNNING = 'The Relgraph language server is not running: run "Relgraph: Restart Server" and try again.';

interface OpenPanel {
  panel: vscode.WebviewPanel;
  target: PreviewTarget;
  opened?: OpenPreviewResult;
  opening?: Promise<void>;
  /** The page request in flight: a newer one cancels it (the server interrupts its query). */
  pageRequest?: vscode.CancellationTokenSource;
}

/**
 * The predictions preview: a webview per (job, output) over a session in the language server, which reads
 * the whole output with DuckDB (protocol/outputPreview.ts). This class only relays: the page asks, the
 * server answers, and the export's file is chosen here with the save dialog.
 */
export class OutputPreviewPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly disposables: vscode.Disposable[];
  private readonly webviewRoot: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly clients: LanguageClientManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.disposables = [registerCommand(log, RelgraphCommands.openPreview, (arg?: unknown) => this.show(arg))];
  }

  async show(arg: unknown): Promise<void> {
    const target = parsePreviewTarget(arg);
    if (!target) throw new Error('relgraph.predictions.openPreview needs a preview target (job, output, location)');
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(
        'Relgraph reads no data in Restricted Mode: trust this folder to preview prediction outputs.',
      );
      return;
    }
    const key = `${target.job.workspace}#${target.job.ref}#${target.artifact}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const title = `${target.artifact === 'predictions' ? 'Predictions' : 'Embeddings'}: ${target.title}`;
    const panel = vscode.window.createWebviewPanel('relgraph.predictionPreview', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [this.webviewRoot],
    });
    const state: OpenPanel = { panel, target };
    this.panels.set(key, state);
    panel.onDidDispose(() => {
      this.panels.delete(key);
      state.pageRequest?.cancel();
      if (state.opened?.session)
        void this.clients.notify(ClosePreviewNotification, { v, session: state.opened.session }).catch(() => undefined);
    });
    panel.webview.onDidReceiveMessage((received: unknown) => {
      const message = parsePredictionPreviewMessage(received);
      if (!message) return;
      this.handle(state, message).catch((error) => this.log.error(`Preview: ${error}`));
    });
    const asUri = (...parts: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, ...parts));
    panel.webview.html = previewPageHtml(
      title,
      {
        script: asUri('predictionPreview.js').toString(),
        codicons: asUri('codicons', 'codicon.css').toString(),
        cspSource: panel.webview.cspSource,
      },
      randomBytes(16).toString('base64'),
    );
  }

  private async handle(state: OpenPanel, message: PredictionPreviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // The page (re)loaded: a hidden tab's page is rebuilt when shown again, the session stays.
        if (state.opened?.session) this.post(state, this.openedMessage(state));
        else await this.open(state);
        return;
      case 'reopen':
        state.opened = undefined;
        await this.open(state);
        return;
      case 'page': {
        state.pageRequest?.cancel();
        const cancel = (state.pageRequest = new vscode.CancellationTokenSource());
        const session = await this.session(state);
        const result = await this.clients.request(
          PreviewPageRequest,
          { v, session, view: message.view, offset: message.offset, limit: message.limit },
          cancel.token,
        );
        if (cancel.token.isCancellationRequested) return;
        if (result?.error && /was closed/.test(result.error)) {
          // The server restarted (or dropped the session): open again; the page asks for its rows then.
          state.opened = undefined;
          await this.open(state);
          return;
        }
        this.post(state, {
          type: 'page',
          id: message.id,
          result: result ?? { v, rows: [], offset: message.offset, total: 0, error: NOT_RUNNING },
        });
        return;
      }
      case 'stats': {
        const session = await this.session(state);
        const result = await this.clients.request(PreviewStatsRequest, { v, session, view: message.view });
        this.post(state, { type: 'stats', id: message.id, result: result ?? { v, error: NOT_RUNNING } });
        return;
      }
      case 'neighbours': {
        const session = await this.session(state);
        const result = await this.clients.request(PreviewNeighboursRequest, {
          v,
          session,
          entity: message.entity,
          ...(message.anchor !== undefined ? { anchor: message.anchor } : {}),
          k: NEIGHBOURS,
        });
        this.post(state, {
          type: 'neighbours',
          id: message.id,
          result: result ?? { v, neighbours: [], error: NOT_RUNNING },
        });
        return;
      }
      case 'export':
        await this.export(state, message.view);
        return;
      case 'openOutput':
        await this.openOutput(state);
        return;
    }
  }

  private async open(state: OpenPanel): Promise<void> {
    state.opening ??= (async () => {
      const { target } = state;
      this.post(state, {
        type: 'loading',
        message:
          target.location.kind === 'presigned-urls'
            ? `Downloading ${target.location.urls.length} partition(s) of ${target.job.ref} (once; later previews read the copy in your Relgraph cache folder)…`
            : `Reading ${target.job.ref}…`,
      });
      const result = await this.clients.request(OpenPreviewRequest, {
        v,
        job: target.job,
        artifact: target.artifact,
        location: target.location,
      });
      state.opened = result ?? { v, columns: [], totalRows: 0, warnings: [], readFrom: '', error: NOT_RUNNING };
      if (state.opened.error) this.log.warn(`Preview of ${target.job.ref}: ${state.opened.error}`);
      this.post(state, this.openedMessage(state));
    })().finally(() => (state.opening = undefined));
    await state.opening;
  }

  private openedMessage(state: OpenPanel): PredictionPreviewHostMessage {
    return {
      type: 'opened',
      title: state.target.title,
      artifact: state.target.artifact,
      jobRef: state.target.job.ref,
      result: state.opened!,
    };
  }

  private async session(state: OpenPanel): Promise<string> {
    if (state.opening) await state.opening;
    return state.opened?.session ?? '';
  }

  private async export(state: OpenPanel, view: PreviewView): Promise<void> {
    const { target } = state;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? target.job.workspace;
    const uri = await vscode.window.showSaveDialog({
      title: 'Export the preview (every row of this view) as CSV',
      defaultUri: vscode.Uri.file(path.join(folder, `${target.title}_${target.artifact}_view.csv`)),
      filters: { CSV: ['csv'] },
      saveLabel: 'Export',
    });
    if (!uri) return;
    this.post(state, { type: 'exported', message: `Exporting to ${uri.fsPath}…` });
    const session = await this.session(state);
    const result = await this.clients.request(PreviewExportRequest, { v, session, view, path: uri.fsPath });
    if (!result || result.error) {
      const error = result?.error ?? NOT_RUNNING;
      this.post(state, { type: 'exported', message: `Export failed: ${error}`, error: true });
      void vscode.window.showErrorMessage(`Relgraph: the export to ${uri.fsPath} failed: ${error}`);
      return;
    }
    const done = `Exported ${result.rows} rows to ${uri.fsPath}`;
    this.post(state, { type: 'exported', message: done });
    const open = await vscode.window.showInformationMessage(done, 'Open');
    if (open === 'Open') await vscode.commands.executeCommand('vscode.open', uri);
  }

  /** A file opens in an editor; a folder of parts (or a Kumo output's cache) is revealed in the Explorer. */
  private async openOutput(state: OpenPanel): Promise<void> {
    const location = state.target.location;
    const where = location.kind === 'files' ? location.path : state.opened?.readFrom;
    if (!where) return;
    const isFolder = await fs.promises.stat(where).then(
      (s) => s.isDirectory(),
      () => false,
    );
    await vscode.commands.executeCommand(isFolder ? 'revealInExplorer' : 'vscode.open', vscode.Uri.file(where));
  }

  private post(state: OpenPanel, message: PredictionPreviewHostMessage): void {
    void state.panel.webview.postMessage(message);
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
