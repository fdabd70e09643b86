import * as path from 'node:path';
import * as vscode from 'vscode';
import { isTerminalStatus } from '../../backend/jobModel';
import type { EngineRun, EngineRunEnd, EngineRunner } from '../commands/EngineRunner';
import { untrainedTrainingSpec } from '../commands/engineRunOutput';
import { offerTraining } from '../commands/RunSpecCommands';
import type { LoadedJob } from './JobsLoader';
import type { JobsModel } from './JobsModel';
import type { JobsCommands } from './JobsCommands';
import { JobProgressTracker } from './JobProgressTracker';
import { JobsCommandIds } from './jobsCommandIds';
import { kindTitle } from './jobText';

/** A launch's job record is created by the CLI a moment after the run starts; allow for clock skew too. */
const LAUNCH_SLACK_MS = 5000;
/** How long a run that created a job waits, after it ended, for the model to see that job. */
const ENDED_LAUNCH_MS = 60_000;

interface Launch {
  specPath: string;
  startedAt: number;
  run: EngineRun;
}

interface Tracked {
  job: LoadedJob;
  tracker: JobProgressTracker;
  report?: (step: { message?: string; increment?: number }) => void;
  finish?: () => void;
}

/**
 * Progress notifications for the jobs the editor launched (`relgraph predict|train` runs started by
 * "Run Batch Prediction" / "Train Model", see client/commands/EngineRunner.ts): stage and completed/total
 * while the job runs, a Cancel button that cancels the job itself, and the outcome with next steps when it
 * ends. It recognises a launch by the runner's events and its job by spec path and creation time. Jobs
 * started from a terminal show in the view only, without a notification.
 */
export class JobProgressNotifier implements vscode.Disposable {
  private readonly launches: Launch[] = [];
  private readonly tracked = new Map<string, Tracked>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly model: JobsModel,
    private readonly commands: JobsCommands,
    runs: Pick<EngineRunner, 'onDidStartRun' | 'onDidEndRun'>,
  ) {
    this.disposables = [
      runs.onDidStartRun((run) => this.runStarted(run)),
      runs.onDidEndRun((end) => this.runEnded(end)),
      model.onDidChangeJobs((jobs) => this.jobsChanged(jobs)),
    ];
  }

  private runStarted(run: EngineRun): void {
    this.launches.push({ specPath: path.resolve(run.specPath), startedAt: run.startedAt, run });
    this.model.watchStoreOf(run.specPath);
  }

  private runEnded({ run, jobRecord }: EngineRunEnd): void {
    const forget = () => {
      const index = this.launches.findIndex((l) => l.run === run);
      if (index >= 0) this.launches.splice(index, 1);
    };
    // A launch that produced no job (validation errors: the CLI refuses the spec) is forgotten.
    if (!jobRecord) return forget();
    // A job that ended within a moment may not have reached the model yet (its store was just created, and file
    // watchers can miss a new folder): look again, and keep the launch until its job shows up.
    if (this.launches.some((l) => l.run === run) && !this.model.find(path.basename(jobRecord, '.json')))
      this.model.refresh().catch(() => undefined);
    setTimeout(forget, ENDED_LAUNCH_MS).unref?.();
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
      // The model's training spec was never trained: the one next step is to train it.
      const untrained = r.kind === 'batch_prediction' ? untrainedTrainingSpec(r.error?.message ?? '') : undefined;
      if (untrained) {
        offerTraining(
          `${name} FAILED${where}: ${r.error?.message}`,
          path.resolve(path.dirname(r.spec.path), untrained),
        );
        return;
      }
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
