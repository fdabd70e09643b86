import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobArtifact } from '../../backend/jobModel';
import { RelgraphCommands } from '../../protocol/commands';
import { registerCommand } from '../commands/registerCommand';
import { JobDocumentProvider } from './JobDocumentProvider';
import { specState } from './jobDetailsMarkdown';
import type { LoadedJob } from './JobsLoader';
import type { JobsModel } from './JobsModel';
import { JobsCommandIds } from './jobsCommandIds';
import { JobDetailTreeNode, jobOfNode } from './JobTreeNode';
import { displayState, kindTitle, relativeTime } from './jobText';
import type { RelgraphCliWrapper } from './RelgraphCliWrapper';
import { confirmCancel } from './confirmCancel';

/** Options a caller (the progress notification, tests) passes after the job. */
export interface CancelOptions {
  /** The caller already asked (the notification's Cancel button). */
  skipConfirmation?: boolean;
}

/**
 * The job commands of the Jobs view and the palette: refresh, cancel, logs, details, outputs, re-run.
 * Each takes a tree node, a job id (for keybindings and tests), or nothing (then it asks which job).
 */
export class JobsCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly model: JobsModel,
    private readonly cli: RelgraphCliWrapper,
    private readonly documents: JobDocumentProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      registerCommand(log, JobsCommandIds.refresh, () => this.model.refresh()),
      registerCommand(log, JobsCommandIds.cancel, (arg?: unknown, options?: unknown) =>
        this.cancelCommand(arg, options as CancelOptions | undefined),
      ),
      registerCommand(log, JobsCommandIds.showLogs, async (arg?: unknown) => {
        const job = await this.jobFor(arg, 'Show the log of which job?');
        if (job) await this.documents.open(job, 'log');
      }),
      registerCommand(log, JobsCommandIds.showDetails, async (arg?: unknown) => {
        const job = await this.jobFor(arg, 'Show the details of which job?');
        if (job) await this.documents.open(job, 'details');
      }),
      registerCommand(log, JobsCommandIds.openOutput, (arg?: unknown) => this.openOutput(arg)),
      registerCommand(log, JobsCommandIds.rerun, (arg?: unknown) => this.rerun(arg)),
    ];
  }

  /** Asks the CLI to cancel a job; confirms first unless the caller did. Resolves with the CLI's answer. */
  async cancel(job: LoadedJob, options: CancelOptions = {}): Promise<string | undefined> {
    if (!['queued', 'running'].includes(displayState(job))) {
      void vscode.window.showInformationMessage(
        displayState(job) === 'cancelling'
          ? `${job.record.spec.name} is being cancelled already.`
          : `${job.record.spec.name} has finished (${job.record.status}): there is nothing to cancel.`,
      );
      return undefined;
    }
    if (!options.skipConfirmation) {
      const cancel = await confirmCancel(
        `Cancel ${kindTitle(job.record).toLowerCase()} ${job.record.spec.name} (${job.record.id})?`,
        'It stops at its next check and ends CANCELLED; no partial output is left behind.',
      );
      if (!cancel) return undefined;
    }
    try {
      const answer = await this.cli.cancelJob(job);
      // No reload here: the cancel marker (and the CANCELLED record) reach the model through its watcher.
      this.log.info(`relgraph jobs cancel ${job.record.id}: ${answer}`);
      vscode.window.setStatusBarMessage(`Relgraph: ${answer}`, 5000);
      return answer;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(message);
      void vscode.window.showErrorMessage(`Could not cancel ${job.record.id}: ${message}`);
      return undefined;
    }
  }

  private async cancelCommand(arg: unknown, options?: CancelOptions): Promise<string | undefined> {
    const job = await this.jobFor(arg, 'Cancel which job?', (j) => ['queued', 'running'].includes(displayState(j)));
    return job ? this.cancel(job, options) : undefined;
  }

  private async openOutput(arg: unknown): Promise<void> {
    let artifact: JobArtifact | undefined;
    if (arg instanceof JobDetailTreeNode && arg.row.artifact) {
      artifact = arg.row.artifact;
    } else {
      const job = await this.jobFor(arg, 'Open the output of which job?', (j) => j.record.artifacts.length > 0);
      if (!job) return;
      artifact = await this.pickArtifact(job);
    }
    if (artifact) await openArtifact(artifact);
  }

  private async pickArtifact(job: LoadedJob): Promise<JobArtifact | undefined> {
    const artifacts = job.record.artifacts;
    if (artifacts.length === 0) {
      void vscode.window.showInformationMessage(`${job.record.spec.name} has no outputs (${job.record.status}).`);
      return undefined;
    }
    if (artifacts.length === 1) return artifacts[0];
    const picked = await vscode.window.showQuickPick(
      artifacts.map((a) => ({ label: a.type, description: a.path, artifact: a })),
      { placeHolder: 'Open which output?' },
    );
    return picked?.artifact;
  }

  private async rerun(arg: unknown): Promise<void> {
    const job = await this.jobFor(arg, 'Run the spec of which job again?');
    if (!job) return;
    const state = specState(job.record);
    if (state === 'missing') {
      void vscode.window.showErrorMessage(`${job.record.spec.path} no longer exists: the job cannot be run again.`);
      return;
    }
    if (state === 'changed') {
      vscode.window.setStatusBarMessage(
        `Relgraph: ${path.basename(job.record.spec.path)} changed since ${job.record.id}: running the current file`,
        8000,
      );
    }
    const command = job.record.kind === 'training' ? RelgraphCommands.runTraining : RelgraphCommands.runPrediction;
    await vscode.commands.executeCommand(command, vscode.Uri.file(job.record.spec.path));
  }

  /** The job a command targets: from a node, an id, or a pick among the jobs `filter` accepts. */
  async jobFor(
    arg: unknown,
    question: string,
    filter: (job: LoadedJob) => boolean = () => true,
  ): Promise<LoadedJob | undefined> {
    const fromNode = jobOfNode(arg);
    if (fromNode) return this.model.find(fromNode.record.id, fromNode.file) ?? fromNode;
    if (typeof arg === 'string') {
      const job = this.model.find(arg);
      if (!job) void vscode.window.showErrorMessage(`No job ${arg} in the workspace's job stores.`);
      return job;
    }
    const candidates = this.model.jobs.filter(filter);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('No Relgraph job fits (see the Jobs view).');
      return undefined;
    }
    const now = Date.now();
    const picked = await vscode.window.showQuickPick(
      candidates.map((job) => ({
        label: job.record.spec.name,
        description: `${job.record.status} · ${relativeTime(job.record.createdAt, now)}`,
        detail: job.record.id,
        job,
      })),
      { placeHolder: question, matchOnDetail: true },
    );
    return picked?.job;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * A single CSV (or JSON) file opens in an editor; Parquet and partitioned outputs (a folder of parts)
 * are revealed in the Explorer when inside the workspace, else in the OS file manager.
 */
async function openArtifact(artifact: JobArtifact): Promise<void> {
  const missing = artifact.files.find((f) => !fs.existsSync(f));
  if (missing || !fs.existsSync(artifact.path)) {
    void vscode.window.showWarningMessage(
      `The ${artifact.type} output was moved or deleted: ${missing ?? artifact.path}`,
    );
    return;
  }
  const uri = vscode.Uri.file(artifact.path);
  const single = artifact.files.length === 1 && artifact.files[0] === artifact.path;
  if (single && (artifact.format === 'csv' || artifact.format === 'json' || /\.(csv|json)$/i.test(artifact.path))) {
    await vscode.commands.executeCommand('vscode.open', uri);
  } else if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  }
}
