import type { CodeLens, CodeLensParams, Range } from 'vscode-languageserver';
import { RelgraphCommands } from '../../../protocol/commands';
import { kumoTrainingJob } from '../../../protocol/kumoTrainingJob';
import type { ServerSettings } from '../../ServerSettings';
import type { SpecState } from '../../validation/SpecState';
import type { SpecWorkspace } from '../../workspace/SpecWorkspace';

/**
 * Actions at the top of a spec: validate its data (with the last data-check result), run the training
 * or batch prediction, show the graph. Run and graph lenses appear only for clients that implement those
 * commands (VS Code announces them in `initializationOptions.clientCommands`); "Validate data" works
 * everywhere because the server implements it too.
 */
export class CodeLensProvider {
  constructor(
    private readonly workspace: SpecWorkspace,
    private readonly clientCommands: ReadonlySet<string>,
    private readonly settings: () => ServerSettings,
  ) {}

  provide(params: CodeLensParams): CodeLens[] {
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return [];
    const range = lensRange(open.doc.document.getText());
    const args = [open.doc.uri];
    const lenses: CodeLens[] = [];
    const add = (title: string, command: string) =>
      lenses.push({ range, command: { title, command, arguments: args } });
    // Jobs run code and read data: not offered in an untrusted workspace.
    const runs = this.settings().trusted;
    const text = open.doc.document.getText();
    const kumo = open.doc.kind === 'prediction' ? kumoTrainingJob(text) : undefined;
    if (runs && open.doc.kind === 'prediction' && this.clientCommands.has(RelgraphCommands.runPrediction))
      add(kumo ? '▶ Run batch prediction on Kumo' : '▶ Run batch prediction', RelgraphCommands.runPrediction);
    if (runs && open.doc.kind === 'training' && this.clientCommands.has(RelgraphCommands.runTraining))
      add('▶ Train', RelgraphCommands.runTraining);
    // Matching new files reads them: offered in a trusted workspace only, like the runs.
    if (runs && open.doc.kind === 'training' && this.clientCommands.has(RelgraphCommands.newInferenceGraph))
      add('New inference graph…', RelgraphCommands.newInferenceGraph);
    add(this.dataTitle(open.state), RelgraphCommands.validateData);
    if (this.clientCommands.has(RelgraphCommands.showGraph)) add('Show graph', RelgraphCommands.showGraph);
    // Another graph than the training graph runs through Kumo's SDK: the script that run sends can be read first.
    if (runs && kumo && /^graph:/m.test(text) && this.clientCommands.has(RelgraphCommands.openKumoScript))
      add('Open SDK script', RelgraphCommands.openKumoScript);
    if (runs && kumo && this.clientCommands.has(RelgraphCommands.pullKumoTrainingGraph)) {
      const at = { line: kumo.line, character: 0 };
      lenses.push({
        range: { start: at, end: at },
        command: {
          title: 'Fetch training graph',
          command: RelgraphCommands.pullKumoTrainingGraph,
          arguments: [open.doc.uri, kumo.ref],
        },
      });
    }
    return lenses;
  }

  private dataTitle(state: SpecState): string {
    if (!this.settings().trusted) return 'Validate data (Restricted Mode: trust the workspace to check data)';
    if (!this.settings().dataChecks.enabled) return 'Validate data (data checks are off)';
    const { data } = state;
    if (data.state === 'running') return 'Checking data…';
    if (data.state === 'done' && data.finishedAt) {
      const count = data.diagnostics.length;
      const time = data.finishedAt.toTimeString().slice(0, 5);
      return `Validate data (${count === 0 ? 'no problems' : `${count} problem${count === 1 ? '' : 's'}`} at ${time})`;
    }
    return 'Validate data';
  }
}

/** On the `kind:` line when there is one (where reading a spec starts, below its header comments), else line 0. */
function lensRange(text: string): Range {
  const match = /^kind:/m.exec(text);
  const line = match ? text.slice(0, match.index).split('\n').length - 1 : 0;
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}
