import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TaskType, TrainingModelInfo } from '../../protocol/lspExtensions';
import { specFileGlob, specKindOfPath } from '../../protocol/specFiles';
import type { LoadedJob } from '../jobs/JobsLoader';
import type { JobsModel } from '../jobs/JobsModel';
import { kumoTrainingJobId } from '../kumo/kumoModelArgument';
import { jobOfNode } from '../jobs/JobTreeNode';
import { relativeTime } from '../jobs/jobText';
import type { MultiStepInput, PickItem, StepHeader, StepResult } from './MultiStepInput';
import type { TrainingChoice } from './predictionSpecDraft';
import { SPEC_SEARCH_EXCLUDE } from '../specDocuments';
import type { TrainingModels } from './TrainingModels';

/** The model of a new prediction spec, and the folder the spec goes to. */
export interface ModelChoice {
  info: TrainingModelInfo;
  folder: string;
}

type Pick = { kind: 'spec'; path: string } | { kind: 'job'; job: LoadedJob } | { kind: 'kumo' } | undefined;

/**
 * The wizard's first question: which model. Training specs of the workspace (the newest finished job
 * of the spec is used, as `relgraph predict` does), finished local training jobs, or a Kumo cloud job
 * id; for a Kumo job its task is asked, since there is no local query to read it from.
 */
export class TrainingModelPicker {
  constructor(
    private readonly model: JobsModel,
    private readonly input: MultiStepInput,
    private readonly models: TrainingModels,
  ) {}

  /**
   * A model named by the command's argument: a training spec URI, a finished training job's node or id, or a
   * Kumo training job (its row in the Kumo view, or `kumo:<id>`).
   */
  async fromArgument(arg: unknown): Promise<ModelChoice | undefined> {
    const kumoJob = kumoTrainingJobId(arg);
    if (kumoJob) return { info: { kind: 'kumo', ref: kumoJob, name: kumoJob }, folder: kumoFolder() };
    if (arg instanceof vscode.Uri && specKindOfPath(arg.fsPath) === 'training') {
      return { info: (await this.describeSpec(arg.fsPath)).info, folder: path.dirname(arg.fsPath) };
    }
    const job = jobOfNode(arg) ?? (typeof arg === 'string' ? this.model.find(arg) : undefined);
    if (job?.record.kind !== 'training' || job.record.status !== 'DONE') return undefined;
    const described = await this.describeJob(job);
    return described.usable ? { info: described.info, folder: jobFolder(job) } : undefined;
  }

  private describeSpec(file: string) {
    return this.models.describe({ kind: 'spec', path: file });
  }

  private describeJob(job: LoadedJob) {
    return this.models.describe({ kind: 'local-job', id: job.record.id, workspace: job.workspace });
  }

  /** 'stay': the user backed out of the Kumo id, so the model question is asked again. */
  async pick(h: StepHeader, current: TrainingChoice | undefined): Promise<StepResult<ModelChoice> | 'stay'> {
    const specs = (await vscode.workspace.findFiles(specFileGlob(['training']), SPEC_SEARCH_EXCLUDE, 200)).map(
      (u) => u.fsPath,
    );
    const finished = this.model.jobs.filter((j) => j.record.kind === 'training' && j.record.status === 'DONE');
    const described = await Promise.all(finished.map((job) => this.describeJob(job)));
    const infoOf = new Map(finished.map((job, i) => [job, described[i]]));
    const jobs = finished.filter((job) => infoOf.get(job)!.usable);
    const now = Date.now();
    const items: PickItem<Pick>[] = [
      separator('Training specs (the newest finished job of the spec is used)'),
      ...specs.sort().map((file) => ({
        label: `$(file) ${path.basename(file)}`,
        description: vscode.workspace.asRelativePath(path.dirname(file)),
        value: { kind: 'spec' as const, path: file },
      })),
      separator('Finished local training jobs'),
      ...jobs.map((job) => ({
        label: `$(pass) ${job.record.spec.name}`,
        description: job.record.id,
        detail: `finished ${relativeTime(job.record.endedAt ?? job.record.updatedAt, now)} · ${job.record.spec.path}`,
        value: { kind: 'job' as const, job },
      })),
      separator('Kumo'),
      { label: '$(cloud) Kumo cloud training job…', description: 'kumo:<training job id>', value: { kind: 'kumo' } },
    ];
    const preferred = current?.kind === 'spec' ? current.ref : vscode.window.activeTextEditor?.document.uri.fsPath;
    const picked = await this.input.pick(h, {
      placeholder: 'The model to predict with',
      items,
      active: items.find((i) => i.value?.kind === 'spec' && i.value.path === preferred)?.value,
    });
    if (typeof picked === 'string') return picked;
    const choice = picked.value;
    if (choice?.kind === 'spec')
      return { value: { info: (await this.describeSpec(choice.path)).info, folder: path.dirname(choice.path) } };
    if (choice?.kind === 'job') return { value: { info: infoOf.get(choice.job)!.info, folder: jobFolder(choice.job) } };
    const id = await this.input.input(h, {
      prompt: 'The Kumo training job id (the model runs on the Kumo backend, not the local engine)',
      placeholder: 'trainingjob-...',
      validate: (v) => (/^\S+$/.test(v.trim()) ? undefined : 'A job id, without spaces.'),
    });
    if (typeof id === 'string') return id === 'cancel' ? 'cancel' : 'stay';
    const jobId = id.value.replace(/^kumo:/, '');
    return { value: { info: { kind: 'kumo', ref: jobId, name: jobId }, folder: kumoFolder() } };
  }

  /** A Kumo model's task and whether its target has a time window: they decide which settings apply. */
  pickKumoTask(h: StepHeader): Promise<StepResult<{ taskType: TaskType; temporal: boolean }>> {
    const task = (label: string, taskType: TaskType, temporal: boolean) => ({
      label,
      description: temporal ? 'temporal (the target has a time window)' : 'static (no time window)',
      value: { taskType, temporal },
    });
    return this.input.pick(h, {
      placeholder: "The Kumo model's task (decides which settings apply)",
      items: [
        task('Binary classification', 'binary_classification', true),
        task('Binary classification', 'binary_classification', false),
        task('Regression', 'regression', true),
        task('Regression', 'regression', false),
        task('Multiclass classification', 'multiclass_classification', false),
        task('Multiclass classification', 'multiclass_classification', true),
        task('Multilabel ranking', 'multilabel_ranking', true),
        task('Link prediction', 'temporal_link_prediction', true),
        task('Forecasting', 'forecasting', true),
      ],
    });
  }
}

function separator(label: string): PickItem<Pick> {
  return { label, kind: vscode.QuickPickItemKind.Separator, value: undefined };
}

/** Next to the job's training spec when it still exists, else in the job's store workspace. */
function jobFolder(job: LoadedJob): string {
  return fs.existsSync(job.record.spec.path) ? path.dirname(job.record.spec.path) : job.workspace;
}

/** A Kumo model has no local spec: the active file's folder, else the first workspace folder. */
function kumoFolder(): string {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active)) return path.dirname(active.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}
