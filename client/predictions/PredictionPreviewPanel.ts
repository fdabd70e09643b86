import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import type { LoadedJob } from '../jobs/JobsLoader';
import { previewTargetOf } from './previewTarget';

/**
 * The Jobs view's "Preview Predictions" for a local job: the job's record says where its output is and
 * what the job knew (its threshold, its training job); the preview itself (OutputPreviewPanels) reads the
 * whole output through the language server.
 */
export class PredictionPreviewPanel implements vscode.Disposable {
  async show(job: LoadedJob, outputType: 'predictions' | 'embeddings'): Promise<void> {
    const target = previewTargetOf(job, outputType);
    if (!target) {
      void vscode.window.showInformationMessage(`${job.record.id} wrote no ${outputType} files.`);
      return;
    }
    await vscode.commands.executeCommand(RelgraphCommands.openPreview, target);
  }

  dispose(): void {
    // Nothing to release: the panels belong to OutputPreviewPanels.
  }
}
