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
   * The local jobs through the JobBackend seam, read-only (dead jobs are derived, never settled; cancelling
   * runs the CLI); it launches through the CLI too. The Jobs view moves onto it with the editor rework (#11).
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
    this.model = new JobsModel(new JobsLoader(), log);
    const cliOptions: CliWrapperOptions = {
      cliPath: path.join(extensionPath, 'bin', 'relgraph.js'),
      nodePath: () => settings.nodePath || process.execPath,
    };
    const cli = new RelgraphCliWrapper(cliOptions);
    this.backend = new LocalJobBackend({
      workspaces: () => this.model.storeWorkspaces,
      readOnly: true,
      launcher: new CliPredictionLauncher(cliOptions),
    });
    const documents = new JobDocumentProvider(this.model);
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
