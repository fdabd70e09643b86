import * as vscode from 'vscode';
import { registerCommand } from '../commands/registerCommand';
import type { JobsCommands } from '../jobs/JobsCommands';
import { JobsCommandIds } from '../jobs/jobsCommandIds';
import { JobDetailTreeNode } from '../jobs/JobTreeNode';
import { RelgraphCommands } from '../../protocol/commands';
import type { InferenceGraphScaffolder } from './InferenceGraphScaffolder';
import type { PredictionPreviewPanel } from './PredictionPreviewPanel';
import type { PredictionSpecWizard } from './PredictionSpecWizard';

/**
 * "Preview Predictions" (a finished batch prediction's first rows), "New Prediction Spec" (the wizard)
 * and "New Inference Graph from Training" (the scaffolder, which continues into the wizard). Thin: the
 * panel, the wizard and the scaffolder do the work; these pick the job and the output.
 */
export class PredictionCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly jobs: JobsCommands,
    private readonly preview: PredictionPreviewPanel,
    private readonly wizard: PredictionSpecWizard,
    scaffolder: InferenceGraphScaffolder,
    log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      registerCommand(log, JobsCommandIds.previewPredictions, (arg?: unknown) => this.previewCommand(arg)),
      registerCommand(log, JobsCommandIds.createPredictionSpec, (arg?: unknown) => this.wizard.run(arg)),
      registerCommand(log, RelgraphCommands.newInferenceGraph, (arg?: unknown, graphFile?: unknown) =>
        scaffolder.run(arg, graphFile),
      ),
    ];
  }

  private async previewCommand(arg: unknown): Promise<void> {
    const job = await this.jobs.jobFor(
      arg,
      'Preview the predictions of which job?',
      (j) => j.record.kind === 'batch_prediction' && j.record.status === 'DONE',
    );
    if (!job) return;
    if (job.record.kind !== 'batch_prediction' || job.record.status !== 'DONE') {
      void vscode.window.showInformationMessage(
        `${job.record.spec.name} is a ${job.record.kind === 'training' ? 'training job' : `${job.record.status} batch prediction`}: only finished batch predictions have outputs to preview.`,
      );
      return;
    }
    // An output row previews that output (embeddings too); a job previews its predictions when it has them.
    const chosen = arg instanceof JobDetailTreeNode ? arg.row.artifact?.type : undefined;
    const types = job.record.artifacts.map((a) => a.type);
    const outputType =
      chosen === 'predictions' || chosen === 'embeddings'
        ? chosen
        : types.includes('predictions')
          ? 'predictions'
          : types.includes('embeddings')
            ? 'embeddings'
            : undefined;
    if (!outputType) {
      void vscode.window.showInformationMessage(`${job.record.id} wrote no predictions or embeddings.`);
      return;
    }
    await this.preview.show(job, outputType);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
