import * as path from 'node:path';
import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import { kumoTrainingJob } from '../../protocol/kumoTrainingJob';
import type { LanguageClientManager } from '../LanguageClientManager';
import type { EngineCommand, EngineRunEnd, EngineRunner } from './EngineRunner';
import { createdJobId, lastMessage, runProblems, untrainedTrainingSpec } from './engineRunOutput';
import { pickSpec } from './pickSpec';
import { registerCommand } from './registerCommand';
import { saveIfDirty, specTarget } from './specTarget';
import { specKindOf } from '../specDocuments';

const SHOW_PROBLEMS = 'Show Problems';
const SHOW_OUTPUT = 'Show Output';
export const TRAIN_NOW = 'Train Now';

/**
 * "Run batch prediction" (`relgraph predict <spec>`) and "Train" (`relgraph train <spec>`) from a spec's code
 * lens, its editor title, the palette or the Jobs view's welcome ("Train a Model": without a spec, the user
 * picks one of the workspace's). (The Jobs view's own commands are in client/jobs.)
 * - A job runs code and reads data, so an untrusted workspace (Restricted Mode) runs none.
 * - A spec with errors is not run: the message says so and opens the Problems panel on request.
 * - Only the spec being run is saved; other editors keep their unsaved changes (the run reads their saved text,
 *   and says so when one of the files it reads is unsaved).
 * - A run the CLI refuses before it created a job is reported here with its reason; once a job exists, its
 *   progress notification reports the outcome.
 */
export class RunSpecCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly runner: EngineRunner,
    private readonly clients: LanguageClientManager,
    private readonly kumo: KumoRunEnvironment,
    log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      registerCommand(log, RelgraphCommands.runPrediction, (arg?: unknown) => this.run('predict', 'prediction', arg)),
      registerCommand(log, RelgraphCommands.runTraining, (arg?: unknown) => this.run('train', 'training', arg)),
      runner.onDidEndRun((end) => void this.runEnded(end)),
    ];
  }

  private async run(command: EngineCommand, kind: 'prediction' | 'training', arg: unknown): Promise<void> {
    const what = kind === 'prediction' ? 'batch predictions' : 'training';
    // No spec given and none in the active editor (the Jobs view's "Train a Model", the palette): pick one.
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri =
      arg === undefined && (!active || specKindOf(active) !== kind)
        ? await pickSpec(kind, kind === 'prediction' ? 'run' : 'train')
        : specTarget(arg, [kind]);
    if (!uri) return;
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      // Not awaited: the command returns now, whatever the user does with the message.
      void vscode.window
        .showWarningMessage(`Relgraph runs no ${what} in Restricted Mode: trust the workspace first.`, manage)
        .then((choice) => (choice === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
      return;
    }
    const name = path.basename(uri.fsPath);
    const errors = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source?.startsWith('relgraph'));
    if (errors.length > 0) {
      const first = errors[0];
      void vscode.window
        .showErrorMessage(
          `${name} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: fix ${errors.length === 1 ? 'it' : 'them'} before running it (line ${first.range.start.line + 1}: ${first.message})`,
          SHOW_PROBLEMS,
        )
        .then((choice) => (choice === SHOW_PROBLEMS ? showProblems(uri) : undefined));
      return;
    }
    const untrained = kind === 'prediction' ? untrainedModel(uri) : undefined;
    if (untrained?.activeJob) {
      void vscode.window.showInformationMessage(`${name} cannot run yet: ${untrained.message}`);
      return;
    }
    if (untrained) {
      offerTraining(`${name} cannot run yet: ${untrained.message}`, untrained.trainingSpec);
      return;
    }
    if (!(await saveIfDirty(uri))) return;
    await this.noteUnsavedInputs(uri);
    // A model trained on Kumo: the run gets the Kumo connection in its environment (and nothing else does).
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();
    const onKumo = kind === 'prediction' && !!kumoTrainingJob(text ?? (await readText(uri)));
    if (onKumo) {
      const env = await this.kumo.environment();
      if (!env) return;
      this.runner.start(command, uri.fsPath, { env, backend: 'kumo' });
      return;
    }
    this.runner.start(command, uri.fsPath);
  }

  /** The run reads the files its spec names from disk: say so when one of them has unsaved changes. */
  private async noteUnsavedInputs(uri: vscode.Uri): Promise<void> {
    const info = await this.clients.specInfo(uri).catch(() => undefined);
    const inputs = new Set([info?.graphPath, info?.trainingSpecPath].filter((p): p is string => !!p));
    const unsaved = vscode.workspace.textDocuments.filter((d) => d.isDirty && inputs.has(d.uri.fsPath));
    if (unsaved.length === 0) return;
    const names = unsaved.map((d) => path.basename(d.uri.fsPath)).join(', ');
    void vscode.window.showInformationMessage(
      `${path.basename(uri.fsPath)} runs with the saved version of ${names}: unsaved changes there are not used (and stay unsaved).`,
    );
  }

  private async runEnded({ run, exitCode, output, jobRecord }: EngineRunEnd): Promise<void> {
    // File watchers can miss a job store created a moment ago: tell the server the run's record changed, so that
    // what it says about models (model-not-trained) follows at once.
    if (jobRecord) void this.clients.notifyFileChanged(vscode.Uri.file(jobRecord));
    // A job was created: its progress notification reports the outcome. A signal: the user stopped the run.
    if (exitCode === 0 || exitCode === undefined || createdJobId(output)) return;
    const name = path.basename(run.specPath);
    const untrained = untrainedTrainingSpec(output);
    if (untrained) {
      offerTraining(
        `relgraph ${run.command} ${name} failed: ${untrained} has no finished training job.`,
        path.resolve(path.dirname(run.specPath), untrained),
      );
      return;
    }
    const problems = runProblems(output).filter((p) => p.severity === 'error');
    const reason = problems[0]
      ? `${problems[0].code}: ${problems[0].message}`
      : (lastMessage(output) ?? `exit code ${exitCode}`);
    const actions = problems.length > 0 ? [SHOW_PROBLEMS, SHOW_OUTPUT] : [SHOW_OUTPUT];
    const choice = await vscode.window.showErrorMessage(
      `relgraph ${run.command} refused ${name}: ${reason}`,
      ...actions,
    );
    if (choice === SHOW_PROBLEMS) await showProblems(vscode.Uri.file(run.specPath));
    if (choice === SHOW_OUTPUT) this.runner.showTerminal(run);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The Kumo connection for one run's environment; asks the user to connect when there is none. */
export interface KumoRunEnvironment {
  environment(): Promise<Readonly<Record<string, string>> | undefined>;
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** An error saying a model is missing, with "Train Now" (runs the training spec). Not awaited by callers. */
export function offerTraining(message: string, trainingSpecPath: string): void {
  void vscode.window.showErrorMessage(message, TRAIN_NOW).then((choice) => {
    if (choice === TRAIN_NOW)
      void vscode.commands.executeCommand(RelgraphCommands.runTraining, vscode.Uri.file(trainingSpecPath));
  });
}

/** The server's `model-not-trained` on the spec, with its payload (the language client keeps LSP's `data`). */
function untrainedModel(uri: vscode.Uri): { message: string; trainingSpec: string; activeJob?: string } | undefined {
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if ((typeof d.code === 'object' ? d.code.value : d.code) !== 'model-not-trained') continue;
    const data = (d as { data?: { trainingSpec?: unknown; activeJob?: unknown } }).data;
    if (typeof data?.trainingSpec !== 'string') continue;
    return {
      message: d.message,
      trainingSpec: data.trainingSpec,
      ...(typeof data.activeJob === 'string' ? { activeJob: data.activeJob } : {}),
    };
  }
  return undefined;
}

async function showProblems(uri: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(uri, { preview: false });
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}
