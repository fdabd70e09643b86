import * as fs from 'node:fs';
import * as path from 'node:path';
import { sourceText } from '../../core/scaffold/inferenceGraphText';
import { isCleanMatch } from '../../core/scaffold/ScaffoldModel';
import { DataValidator } from '../../data/DataValidator';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import { MAX_CANDIDATES } from '../../data/scaffold/candidateSources';
import {
  loadScaffoldTraining,
  ScaffoldInputError,
  type ScaffoldTraining,
} from '../../data/scaffold/loadScaffoldTraining';
import {
  DataEntriesMissingError,
  scaffoldInferenceGraph,
  scaffoldPredictionSpec,
} from '../../data/scaffold/scaffoldSpecs';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';
import { formatMatchingReport, matchingJson, matchingSummary } from '../scaffold/scaffoldReport';
import { OutputExistsError, writeSpecFile } from '../scaffold/writeSpecFile';

const USAGE = `Usage: relgraph scaffold inference-graph --from <model> [--data <folder|glob|file>]... [-o <file.graph.yaml>]
       relgraph scaffold prediction --from <model> --graph <file.graph.yaml> [-o <file.prediction.yaml>]

Writes the spec files of a prediction on new data ("inference on a different graph"), so that nothing of
the training graph's contract has to be typed by hand.

  inference-graph  A graph spec with the training graph's table names, primary keys, time columns,
                   column overrides and edges. Each table's source is picked among the --data files:
                   1. by name: a file named like the training source's file (results.csv), else one
                      whose name (without extension) is the table's or that file's (results.parquet);
                   2. else by columns: the file that has the table's primary key and time column and
                      most of the columns the model uses, with the same types (DuckDB DESCRIBE);
                   3. else none: 'source:' is left to fill in, with a comment naming the columns needed.
                   Every decision is printed with its reason and the columns missing or retyped. When
                   two files fit a table equally well, both are reported and neither is picked.
  prediction       A prediction spec for the model and an inference graph, with what the task needs:
                   a threshold for binary classification, classes to return for multiclass and
                   ranking, and the anchor time it would default to (read from the graph's data) as a
                   comment.

<model> is a *.training.yaml file or a finished local training job id (relgraph jobs list).

Options:
  --from <model>        the trained model whose graph to follow (required)
  --data <path>         inference-graph: where the new tables are: a folder (its CSV and Parquet files,
                        and subfolders holding one table's parts), a glob ('new/*.parquet') or a file;
                        repeatable, and further arguments are read as more paths. Without it every
                        source is left to fill in
  --graph <file>        prediction: the inference graph the spec predicts on (required)
  -o, --output <file>   the spec to write (*.graph.yaml / *.prediction.yaml); paths in it are relative
                        to it. Without it (or with -), the spec is printed on stdout and the report on
                        stderr
  --force               replace the output file if it exists (it is never replaced otherwise)
  --json                inference-graph: print the decisions as JSON instead of the report
  -h, --help            show this help

The output is written under a temporary name and renamed into place, never half-written.

Exit codes: 0 every table matched with all the columns the model uses (prediction: the spec was
written), 1 some table is unmatched or ambiguous, or its file lacks or retypes a column the model uses
(the spec is still written, with the gaps commented; relgraph validate reports them), 2 bad usage
(unknown option, --from is no training spec or job, --data matches nothing, the output exists).`;

export type ScaffoldTarget = 'inference-graph' | 'prediction';

export interface ScaffoldOptions {
  target: ScaffoldTarget;
  from: string;
  data: string[];
  graph?: string;
  /** Undefined or '-': stdout. */
  output?: string;
  force: boolean;
  json: boolean;
}

export function parseScaffoldArgs(args: readonly string[]): ScaffoldOptions {
  const [target, ...rest] = args;
  if (target !== 'inference-graph' && target !== 'prediction') {
    throw new UsageError(
      target
        ? `unknown scaffold '${target}': use inference-graph or prediction`
        : 'scaffold what? inference-graph or prediction',
    );
  }
  const options: Omit<ScaffoldOptions, 'from'> & { from?: string } = { target, data: [], force: false, json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--from') options.from = value();
    else if (arg === '--data') options.data.push(value());
    else if (arg === '--graph') options.graph = value();
    else if (arg === '-o' || arg === '--output') options.output = value();
    else if (arg === '--force') options.force = true;
    else if (arg === '--json') options.json = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    // A shell expands an unquoted `--data new/*.csv` into several words: the rest are data paths too.
    else if (target === 'inference-graph') options.data.push(arg);
    else throw new UsageError(`unexpected argument '${arg}'`);
  }
  if (!options.from) throw new UsageError('--from is required: a *.training.yaml file or a local training job id');
  if (target === 'prediction' && !options.graph)
    throw new UsageError('--graph is required: the inference graph to predict on');
  if (target === 'prediction' && options.data.length > 0) throw new UsageError('--data applies to inference-graph');
  if (target === 'prediction' && options.json) throw new UsageError('--json applies to inference-graph');
  if (target === 'inference-graph' && options.graph) throw new UsageError('--graph applies to prediction');
  const suffix = target === 'inference-graph' ? /\.graph\.ya?ml$/i : /\.prediction\.ya?ml$/i;
  if (options.output && options.output !== '-' && !suffix.test(options.output)) {
    const want = target === 'inference-graph' ? '*.graph.yaml' : '*.prediction.yaml';
    throw new UsageError(
      `the output must be named ${want} (Relgraph tells spec kinds by their suffix): got '${options.output}'`,
    );
  }
  return { ...options, from: options.from };
}

interface Output {
  /** The file written, or undefined for stdout. */
  file?: string;
  /** Where paths in the spec are relative to: the file, or a virtual file in the current folder. */
  anchor: string;
}

/** Input that names nothing usable (ScaffoldInputError) is bad usage: exit code 2 with the help. */
async function usageOnBadInput<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof ScaffoldInputError ? new UsageError(error.message) : error;
  }
}

async function runScaffold(options: ScaffoldOptions, io: CliIo): Promise<number> {
  const file = options.output && options.output !== '-' ? path.resolve(io.cwd, options.output) : undefined;
  if (file && !options.force && fs.existsSync(file)) {
    throw new UsageError(`${displayPath(file, io.cwd)} exists: pass --force to replace it`);
  }
  const host = new NodeSpecHost();
  const validator = new DataValidator({ host });
  try {
    const dependencies = { host, validator, cwd: io.cwd, jobWorkspaceOf: file ? path.dirname(file) : io.cwd };
    const training = await usageOnBadInput(loadScaffoldTraining(options.from, { ...dependencies, signal: io.signal }));
    const name =
      training.ref.kind === 'spec'
        ? path.basename(training.ref.path).replace(/\.training\.ya?ml$/i, '')
        : training.ref.id;
    if (options.target === 'inference-graph') {
      const anchor = file ?? path.join(io.cwd, `${name}-inference.graph.yaml`);
      return await usageOnBadInput(runInferenceGraph(options, training, validator, io, { file, anchor }));
    }
    const anchor = file ?? path.join(io.cwd, `${name}.prediction.yaml`);
    return await usageOnBadInput(runPrediction(options, training, { host, validator }, io, { file, anchor }));
  } finally {
    validator.dispose();
  }
}

async function runInferenceGraph(
  options: ScaffoldOptions,
  training: ScaffoldTraining,
  validator: DataValidator,
  io: CliIo,
  output: Output,
): Promise<number> {
  const entries = options.data.map((d) => path.resolve(io.cwd, d));
  const scaffold = await scaffoldInferenceGraph(training, entries, output.anchor, validator, io.signal).catch(
    (error: unknown) => {
      if (!(error instanceof DataEntriesMissingError)) throw error;
      const typed = error.missing.map((m) => `'${options.data[entries.indexOf(m)] ?? m}'`);
      throw new UsageError(`--data: no such file or folder, or no CSV or Parquet file matches: ${typed.join(', ')}`);
    },
  );
  const { matching, text } = scaffold;
  const report = output.file && !options.json ? io.stdout : io.stderr;
  if (scaffold.truncated) {
    report(
      `relgraph scaffold: more than ${MAX_CANDIDATES} candidate files; only the first ${MAX_CANDIDATES} were considered\n`,
    );
  }
  if (output.file) writeOutput(output.file, text, options.force, io);
  else if (!options.json) io.stdout(text);

  const complete = matching.tables.every(isCleanMatch);
  if (options.json) {
    const decisions = matchingJson(matching, (c) => sourceText(c, output.anchor)) as object;
    io.stdout(
      JSON.stringify({ output: output.file ?? null, ...decisions, ...(output.file ? {} : { text }) }, null, 2) + '\n',
    );
    return complete ? 0 : 1;
  }
  report(
    formatMatchingReport(training.graph, matching, {
      label: (c) => displayPath(c.path, io.cwd),
      candidateCount: scaffold.candidates.length,
      dataLabel: options.data.length > 0 ? options.data.join(', ') : undefined,
    }),
  );
  const where = output.file ? `Wrote ${displayPath(output.file, io.cwd)}` : 'Printed the graph';
  report(`\n${where}: ${matchingSummary(matching.tables)}.${complete ? '' : ' The gaps are commented in the spec.'}\n`);
  if (output.file) {
    const from = training.ref.kind === 'spec' ? displayPath(training.ref.path, io.cwd) : training.ref.id;
    const graph = displayPath(output.file, io.cwd);
    const spec = graph.replace(/\.graph\.ya?ml$/i, '.prediction.yaml');
    report(`Next: relgraph scaffold prediction --from ${from} --graph ${graph} -o ${spec}\n`);
  }
  return complete ? 0 : 1;
}

async function runPrediction(
  options: ScaffoldOptions,
  training: ScaffoldTraining,
  dependencies: { host: NodeSpecHost; validator: DataValidator },
  io: CliIo,
  output: Output,
): Promise<number> {
  const graphPath = path.resolve(io.cwd, options.graph!);
  const { text, inferredAnchor } = await scaffoldPredictionSpec(training, graphPath, output.anchor, {
    ...dependencies,
    signal: io.signal,
  });
  const report = output.file ? io.stdout : io.stderr;
  if (output.file) writeOutput(output.file, text, options.force, io);
  else io.stdout(text);
  const anchor = !inferredAnchor
    ? 'static query, no anchor time'
    : 'time' in inferredAnchor
      ? `anchor time defaults to ${inferredAnchor.time} (latest ${inferredAnchor.columns})`
      : `default anchor time unknown: ${inferredAnchor.problem}`;
  const where = output.file ? `Wrote ${displayPath(output.file, io.cwd)}` : 'Printed the prediction spec';
  report(`${where}: ${training.taskType?.replace(/_/g, ' ')}, ${anchor}.\n`);
  if (output.file) {
    const spec = displayPath(output.file, io.cwd);
    report(`Next: relgraph validate ${spec}, then relgraph predict ${spec}\n`);
  }
  return 0;
}

function writeOutput(file: string, text: string, force: boolean, io: CliIo): void {
  try {
    writeSpecFile(file, text, { force });
  } catch (error) {
    if (error instanceof OutputExistsError)
      throw new UsageError(`${displayPath(file, io.cwd)} exists: pass --force to replace it`);
    throw error;
  }
}

export const scaffoldCommand: CliCommand = {
  name: 'scaffold',
  summary: 'Write the inference graph or prediction spec of a trained model, matching new files to its tables',
  usage: USAGE,
  run: (args, io) => runScaffold(parseScaffoldArgs(args), io),
};
