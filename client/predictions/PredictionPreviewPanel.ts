import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parsePredictionPreviewMessage } from '../../protocol/webviewMessages';
import type { LoadedJob } from '../jobs/JobsLoader';
import type { RelgraphCliWrapper } from '../jobs/RelgraphCliWrapper';
import { predictionPreviewHtml, previewMessageHtml } from './predictionPreviewHtml';

/** Rows shown: enough to eyeball scores and classes, small enough to render at once. */
export const PREVIEW_ROWS = 100;

type OutputType = 'predictions' | 'embeddings';

/**
 * A webview per (job, output type) with the first rows of a finished batch prediction, read through
 * `relgraph predictions <id> --head 100 --format json` (DuckDB stays in the CLI). Opening it again
 * reveals the open panel; closing it while the CLI runs stops the CLI.
 */
export class PredictionPreviewPanel implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; abort: AbortController }>();

  constructor(private readonly cli: RelgraphCliWrapper) {}

  async show(job: LoadedJob, outputType: OutputType): Promise<void> {
    const key = `${job.file}#${outputType}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const title = `${outputType === 'predictions' ? 'Predictions' : 'Embeddings'}: ${job.record.spec.name}`;
    const panel = vscode.window.createWebviewPanel('relgraph.predictionPreview', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    const abort = new AbortController();
    this.panels.set(key, { panel, abort });
    panel.onDidDispose(() => {
      abort.abort();
      this.panels.delete(key);
    });
    const artifact = job.record.artifacts.find((a) => a.type === outputType);
    panel.webview.onDidReceiveMessage((received: unknown) => {
      if (parsePredictionPreviewMessage(received)?.type === 'openOutput' && artifact?.path)
        void openOutput(artifact.path);
    });
    panel.webview.html = previewMessageHtml(
      title,
      `Reading the first ${PREVIEW_ROWS} rows of ${job.record.id}…`,
      nonce(),
    );
    try {
      const data = await this.cli.predictionRows(job, outputType, PREVIEW_ROWS, abort.signal);
      if (abort.signal.aborted) return;
      panel.webview.html = predictionPreviewHtml(
        {
          title: job.record.spec.name,
          jobId: job.record.id,
          outputType,
          artifactPath: artifact?.path ?? '',
          ...(artifact?.rows !== undefined ? { totalRows: artifact.rows } : {}),
          data,
        },
        nonce(),
      );
    } catch (error) {
      if (abort.signal.aborted) return;
      panel.webview.html = previewMessageHtml(
        title,
        error instanceof Error ? error.message : String(error),
        nonce(),
        true,
      );
    }
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
  }
}

/** A file opens in an editor; a folder of parts is revealed in the Explorer. */
async function openOutput(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const isFolder = await fs.promises.stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );
  await vscode.commands.executeCommand(isFolder ? 'revealInExplorer' : 'vscode.open', uri);
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}
