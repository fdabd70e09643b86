import * as path from 'node:path';
import * as vscode from 'vscode';
import { InferenceGraphScaffolder } from '../predictions/InferenceGraphScaffolder';
import type { KumoEnvironment } from '../predictions/KumoScaffoldMatcher';
import { PredictionCommands } from '../predictions/PredictionCommands';
import { PredictionPreviewPanel } from '../predictions/PredictionPreviewPanel';
import { PredictionSpecWizard } from '../predictions/PredictionSpecWizard';
import type { EngineRunner } from '../commands/EngineRunner';
import type { TrainingModels } from '../predictions/TrainingModels';
import type { RelgraphSettings } from '../RelgraphSettings';
import { JobDocumentProvider } from './JobDocumentProvider';
import { JobProgressNotifier } from './JobProgressNotifier';
import { JobsCommands } from './JobsCommands';
import { JobsLoader } from './JobsLoader';
import { JobsModel } from './JobsModel';
import { JobsView } from './JobsView';
import type { JobBackend } from '../../backend/JobBackend';
import { LocalJobBackend } from '../../backend/local/LocalJobBackend';
import { CliPredictionLauncher } from './CliPredictionLauncher';
import { RelgraphCliWrapper, type CliWrapperOptions } from './RelgraphCliWrapper';

/**
 * The jobs part of the extension, wired once: the model (stores, watchers, polling), the view, the
 * job documents, the commands, the prediction preview, the wizard and the progress notifications.
 * A sub-composition root, so client/extension.ts adds the whole feature with one line.
 */
export class JobsFeature implements vscode.Disposable {
  readonly model: JobsModel;
  /**
   * The local jobs through the JobBackend seam: the Jobs view lists them and reads their logs through it.
   * Read-only (a dead job reads FAILED, never settled); it launches through the CLI. Cancelling runs the CLI
   * too (RelgraphCliWrapper.cancelJob): the backend's cancel writes to the store and may settle a dead job,
   * deleting its scratch files, which the editor leaves to a `relgraph` process the user started.
   */
  readonly backend: JobBackend;
  private readonly disposables: vscode.Disposable[];

  constructor(
    extensionPath: string,
    settings: RelgraphSettings,
    log: vscode.LogOutputChannel,
    trainingModels: TrainingModels,
    runner: EngineRunner,
    kumo: KumoEnvironment,
  ) {
    const cliOptions: CliWrapperOptions = {
      cliPath: path.join(extensionPath, 'bin', 'relgraph.js'),
      nodePath: () => settings.nodePath || process.execPath,
    };
    const cli = new RelgraphCliWrapper(cliOptions);
    // The model finds and watches the stores; the backend reads the ones it names.
    this.backend = new LocalJobBackend({
      workspaces: () => this.model.storeWorkspaces,
      readOnly: true,
      launcher: new CliPredictionLauncher(cliOptions),
    });
    this.model = new JobsModel(new JobsLoader(this.backend), log);
    const documents = new JobDocumentProvider(this.model, this.backend);
    const commands = new JobsCommands(this.model, cli, documents, log);
    const preview = new PredictionPreviewPanel();
    const wizard = new PredictionSpecWizard(this.model, trainingModels);
    this.disposables = [
      new JobsView(this.model),
      documents,
      commands,
      preview,
      new PredictionCommands(
        commands,
        preview,
        wizard,
        new InferenceGraphScaffolder(this.model, trainingModels, wizard, { runner, kumo, log }),
        log,
      ),
      new JobProgressNotifier(this.model, commands, runner),
      this.model,
    ];
    this.model.refresh().catch((error) => log.error(`Reading the jobs failed: ${error}`));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
