import * as vscode from 'vscode';
import type { ScaffoldRenderResult, ScaffoldSourceChoice } from '../../protocol/scaffold';
import type { EngineRunner } from '../commands/EngineRunner';
import { KUMO_SDK_TIMEOUT_MS } from '../kumo/KumoConnection';
import { cliFailureText, kumoScaffoldAnswer, kumoScaffoldArgs, pulledGraphStatus } from './kumoScaffoldCli';
import type { MultiStepInput, StepHeader } from './MultiStepInput';
import { validateConnector } from './predictionSpecDraft';
import type { ScaffoldMatcher } from './scaffoldMatcher';

/** The Kumo connection, for one child process: offers to connect when there is none (KumoCommands). */
export interface KumoEnvironment {
  environment(): Promise<Record<string, string> | undefined>;
}

export interface KumoScaffoldDependencies {
  runner: EngineRunner;
  kumo: KumoEnvironment;
  input: MultiStepInput;
  log: vscode.LogOutputChannel;
}

/** Hang guards: Kumo's SDK reads a warehouse connector's tables one by one, which may take minutes. */
const STATUS_TIMEOUT_MS = 2 * 60_000;

type CliRun = { stdout: string } | { failed: string } | 'cancelled';

/**
 * The Kumo side of New Inference Graph from Training: a Kumo model's tables matched against the source tables of
 * one of the deployment's connectors by the CLI (`relgraph scaffold inference-graph --connector ... --json`),
 * which has Kumo's SDK and the pulled training graph, run through the editor's CLI runner with the Kumo
 * connection in that child's environment only. The training graph is pulled first when the workspace has no copy;
 * each correction in the review runs the scaffold again with the choices (`--match`), so that what the review shows
 * is what the CLI decided and wrote.
 */
export class KumoScaffoldMatcher implements ScaffoldMatcher {
  private last: { key: string; result: ScaffoldRenderResult } | undefined;

  private constructor(
    private readonly dependencies: KumoScaffoldDependencies,
    private readonly env: Record<string, string>,
    private readonly jobId: string,
    /** Where the CLI runs: the workspace whose `.relgraph/kumo/` holds the pulled graph is found from here. */
    private readonly folder: string,
    private readonly connector: string,
    private readonly tables: string | undefined,
    readonly outputPath: string,
  ) {}

  /** Asks for the connection (offering to connect), the pulled graph (pulling it), the connector and its tables. */
  static async create(
    dependencies: KumoScaffoldDependencies,
    model: { jobId: string; folder: string; outputPath: string },
    title: string,
  ): Promise<KumoScaffoldMatcher | undefined> {
    const env = await dependencies.kumo.environment();
    if (!env) return undefined;
    const status = await KumoScaffoldMatcher.pulledGraph(dependencies, env, model.jobId, model.folder);
    if (!status) return undefined;
    const where = await askConnector(dependencies.input, title, status.connectors);
    if (!where) return undefined;
    const { jobId, folder, outputPath } = model;
    return new KumoScaffoldMatcher(dependencies, env, jobId, folder, where.connector, where.tables, outputPath);
  }

  plan(): Promise<ScaffoldRenderResult | undefined> {
    return this.render([], this.outputPath);
  }

  /**
   * The CLI's decisions with these choices. Connector sources name no path, so the text does not depend on
   * `outputPath`: the answer for the same choices is reused (the write after the review runs nothing again).
   */
  async render(
    choices: readonly ScaffoldSourceChoice[],
    _outputPath: string,
  ): Promise<ScaffoldRenderResult | undefined> {
    const key = JSON.stringify(choices);
    if (this.last?.key === key) return this.last.result;
    const args = kumoScaffoldArgs({ jobId: this.jobId, connector: this.connector, tables: this.tables, choices });
    const title =
      choices.length === 0
        ? `Relgraph: reading the tables of Kumo connector ${this.connector} with Kumo's SDK…`
        : 'Relgraph: matching again with your choices…';
    const run = await this.runCli(title, args, KUMO_SDK_TIMEOUT_MS);
    if (run === 'cancelled') return undefined;
    if ('failed' in run) return { v: 1, error: run.failed, tables: [] };
    const answer = kumoScaffoldAnswer(run.stdout);
    if ('problem' in answer) return { v: 1, error: `relgraph scaffold: ${answer.problem}`, tables: [] };
    const result = { v: 1 as const, tables: answer.tables, text: answer.text };
    this.last = { key, result };
    return result;
  }

  /** Whether the workspace has the model's training graph, pulling it when it has none. */
  private static async pulledGraph(
    dependencies: KumoScaffoldDependencies,
    env: Record<string, string>,
    jobId: string,
    folder: string,
  ): Promise<{ connectors: string[] } | undefined> {
    const run = (title: string, args: string[], timeoutMs: number) =>
      runCli(dependencies, env, folder, title, args, timeoutMs);
    const check = async () => {
      const status = await run('Relgraph: asking Kumo…', ['kumo', 'status', '--json'], STATUS_TIMEOUT_MS);
      if (status === 'cancelled' || 'failed' in status) return status;
      const answer = pulledGraphStatus(status.stdout, jobId);
      return 'problem' in answer ? { failed: `relgraph kumo status: ${answer.problem}` } : answer;
    };
    let status = await check();
    if (status !== 'cancelled' && !('failed' in status) && !status.pulled) {
      const pulled = await run(
        `Relgraph: fetching the training graph of kumo:${jobId} from Kumo (relgraph kumo pull)…`,
        ['kumo', 'pull', `kumo:${jobId}`],
        KUMO_SDK_TIMEOUT_MS,
      );
      if (pulled === 'cancelled' || 'failed' in pulled) status = pulled;
      else status = await check();
    }
    if (status === 'cancelled') return undefined;
    if ('failed' in status) {
      void vscode.window.showErrorMessage(`Relgraph: ${status.failed}`);
      return undefined;
    }
    if (!status.pulled) {
      void vscode.window.showErrorMessage(`Relgraph: kumo:${jobId} was pulled, yet the workspace has no copy of it.`);
      return undefined;
    }
    return status;
  }

  private runCli(title: string, args: string[], timeoutMs: number): Promise<CliRun> {
    return runCli(this.dependencies, this.env, this.folder, title, args, timeoutMs);
  }
}

/** One CLI run under a cancellable progress notification; the key is in `env`, never in the arguments or the log. */
async function runCli(
  { runner, log }: KumoScaffoldDependencies,
  env: Record<string, string>,
  folder: string,
  title: string,
  args: string[],
  timeoutMs: number,
): Promise<CliRun> {
  log.info(`Running: relgraph ${args.join(' ')} (in ${folder})`);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (_progress, token): Promise<CliRun> => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        const result = await runner.output(args, folder, env, { signal: abort.signal, timeoutMs });
        // --json answers on stdout with exit 0 or 1 (1: some table needs attention); anything else failed.
        if (result.exitCode === 0 || (result.exitCode === 1 && result.stdout.trim().startsWith('{')))
          return { stdout: result.stdout };
        const failure = `relgraph ${args.slice(0, 2).join(' ')}: ${cliFailureText(result.stderr, result.stdout)}`;
        log.warn(`${failure} (exit ${result.exitCode})`);
        return { failed: failure };
      } catch (error) {
        if (abort.signal.aborted) return 'cancelled';
        return { failed: error instanceof Error ? error.message : String(error) };
      } finally {
        subscription.dispose();
      }
    },
  );
}

/**
 * The connector whose tables hold the new data: one the training graph read (the likeliest), or another by
 * name; then, optionally, a pattern that keeps only the new tables when they sit beside the training ones.
 */
async function askConnector(
  input: MultiStepInput,
  title: string,
  known: readonly string[],
): Promise<{ connector: string; tables?: string } | undefined> {
  const header = (step: number): StepHeader => ({ title, step, totalSteps: 2 });
  const other = '';
  let connector: string | undefined;
  for (;;) {
    if (connector === undefined) {
      const picked =
        known.length === 0
          ? { value: other }
          : await input.pick<string>(header(1), {
              placeholder: 'The Kumo connector whose tables hold the new data',
              items: [
                ...known.map((name) => ({
                  label: `$(database) ${name}`,
                  description: "the training graph's tables came from it",
                  value: name,
                })),
                { label: '$(edit) Another connector…', description: 'its name in Kumo', value: other },
              ],
            });
      if (typeof picked === 'string') return undefined;
      if (picked.value !== other) connector = picked.value;
      else {
        const typed = await input.input(header(1), {
          prompt: 'The name of the Kumo connector whose tables hold the new data',
          validate: validateConnector,
        });
        if (typed === 'cancel' || (typed === 'back' && known.length === 0)) return undefined;
        if (typed === 'back') continue;
        connector = typed.value;
      }
    }
    const tables = await input.input(header(2), {
      prompt: `Only the tables of ${connector} named like this pattern (* and ?, any case): the new tables, when the training ones sit beside them`,
      placeholder: 'Blank: every table of the connector; e.g. *_2024',
      validate: (text) => (text.length > 256 || /\s/.test(text.trim()) ? 'A name pattern, like *_2024.' : undefined),
    });
    if (tables === 'cancel') return undefined;
    if (tables === 'back') {
      connector = undefined;
      continue;
    }
    return { connector, ...(tables.value ? { tables: tables.value } : {}) };
  }
}
