import * as path from 'node:path';
import * as vscode from 'vscode';
import { isTerminalStatus } from '../../backend/jobModel';
import { RELGRAPH_TASK_TYPE } from '../commands/EngineTaskRunner';
import type { LoadedJob } from './JobsLoader';
import type { JobsModel } from './JobsModel';
import type { JobsCommands } from './JobsCommands';
import { JobProgressTracker } from './JobProgressTracker';
import { JobsCommandIds } from './jobsCommandIds';
import { kindTitle } from './jobText';

/** A launch's job record is created by the CLI a moment after the task starts; allow for clock skew too. */
const LAUNCH_SLACK_MS = 5000;

interface Launch {
  specPath: string;
  startedAt: number;
  execution: vscode.TaskExecution;
}

interface Tracked {
  job: LoadedJob;
  tracker: JobProgressTracker;
  report?: (step: { message?: string; increment?: number }) => void;
  finish?: () => void;
}

/**
 * Progress notifications for the jobs the editor launched (`relgraph predict|train` tasks run by
 * "Run Batch Prediction" / "Train Model"): stage and completed/total while the job runs, a Cancel
 * button that cancels the job itself, and the outcome with next steps when it ends. It recognises a
 * launch by the task's definition and its job by spec path and creation time, so the launching command
 * needs no changes. Jobs started from a terminal show in the view only, without a notification.
 */
export class JobProgressNotifier implements vscode.Disposable {
  private readonly launches: Launch[] = [];
  private readonly tracked = new Map<string, Tracked>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly model: JobsModel,
    private readonly commands: JobsCommands,
  ) {
    this.disposables = [
      vscode.tasks.onDidStartTask((event) => this.taskStarted(event.execution)),
      vscode.tasks.onDidEndTask((event) => this.taskEnded(event.execution)),
      model.onDidChangeJobs((jobs) => this.jobsChanged(jobs)),
    ];
  }

  private taskStarted(execution: vscode.TaskExecution): void {
    const definition = execution.task.definition;
    if (definition.type !== RELGRAPH_TASK_TYPE || !['predict', 'train'].includes(String(definition.command))) return;
    if (typeof definition.spec !== 'string') return;
    this.launches.push({ specPath: path.resolve(definition.spec), startedAt: Date.now(), execution });
    this.model.watchStoreOf(definition.spec);
  }

  private taskEnded(execution: vscode.TaskExecution): void {
    // A launch that produced no job (validation errors: the CLI refuses the spec) is forgotten.
    const index = this.launches.findIndex((l) => l.execution === execution);
    if (index >= 0) this.launches.splice(index, 1);
  }

  private jobsChanged(jobs: readonly LoadedJob[]): void {
    for (const job of jobs) {
      const key = job.file;
      const tracked = this.tracked.get(key);
      if (tracked) {
        tracked.job = job;
        this.update(tracked);
        continue;
      }
      const launch = this.launches.findIndex(
        (l) => l.specPath === job.record.spec.path && Date.parse(job.record.createdAt) >= l.startedAt - LAUNCH_SLACK_MS,
      );
      if (launch < 0) continue;
      this.launches.splice(launch, 1);
      // A quick job can end between two reads: then there is only the outcome to announce.
      if (isTerminalStatus(job.record.status)) void this.announce(job);
      else this.track(job);
    }
    const present = new Set(jobs.map((j) => j.file));
    for (const [key, tracked] of this.tracked) {
      if (present.has(key)) continue;
      this.tracked.delete(key); // its record was deleted: nothing more will be known about it
      tracked.finish?.();
    }
  }

  private track(job: LoadedJob): void {
    const tracked: Tracked = { job, tracker: new JobProgressTracker() };
    this.tracked.set(job.file, tracked);
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `${kindTitle(job.record)} ${job.record.spec.name}`,
        cancellable: true,
      },
      (progress, token) =>
        new Promise<void>((resolve) => {
          tracked.report = (step) => progress.report(step);
          tracked.finish = resolve;
          token.onCancellationRequested(() => {
            // The notification's own Cancel button: the user asked already, no second confirmation.
            void this.commands.cancel(tracked.job, { skipConfirmation: true });
          });
          this.update(tracked);
        }),
    );
  }

  private update(tracked: Tracked): void {
    const step = tracked.tracker.update(tracked.job.record);
    if (step && tracked.report) tracked.report(step);
    if (!isTerminalStatus(tracked.job.record.status)) return;
    this.tracked.delete(tracked.job.file);
    tracked.finish?.();
    void this.announce(tracked.job);
  }

  private async announce(job: LoadedJob): Promise<void> {
    const r = job.record;
    const name = `${kindTitle(r)} ${r.spec.name}`;
    if (r.status === 'DONE') {
      const entities = r.summary?.num_entities_predicted;
      const actions = r.kind === 'batch_prediction' ? ['Preview Predictions', 'Open Output'] : ['Show Details'];
      const choice = await vscode.window.showInformationMessage(
        `${name} is DONE${typeof entities === 'number' ? `: ${entities} entities predicted` : ''}.`,
        ...actions,
      );
      if (choice === 'Preview Predictions')
        await vscode.commands.executeCommand(JobsCommandIds.previewPredictions, r.id);
      if (choice === 'Open Output') await vscode.commands.executeCommand(JobsCommandIds.openOutput, r.id);
      if (choice === 'Show Details') await vscode.commands.executeCommand(JobsCommandIds.showDetails, r.id);
    } else if (r.status === 'FAILED') {
      const where = r.error?.stage ? ` during ${r.error.stage}` : '';
      const choice = await vscode.window.showErrorMessage(
        `${name} FAILED${where}: ${r.error?.message ?? 'no reason recorded'}`,
        'Show Logs',
        'Show Details',
      );
      if (choice === 'Show Logs') await vscode.commands.executeCommand(JobsCommandIds.showLogs, r.id);
      if (choice === 'Show Details') await vscode.commands.executeCommand(JobsCommandIds.showDetails, r.id);
    } else {
      void vscode.window.showInformationMessage(`${name} was cancelled; it left no partial output.`);
    }
  }

  dispose(): void {
    for (const tracked of this.tracked.values()) tracked.finish?.();
    this.tracked.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
