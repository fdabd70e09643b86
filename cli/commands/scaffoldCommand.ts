import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJobRef } from '../../core/jobs/JobRef';
import type { CandidateKind } from '../../core/scaffold/describeMatch';
import { inferenceGraphText, sourceText } from '../../core/scaffold/inferenceGraphText';
import type { ScaffoldDestination } from '../../core/scaffold/predictionSpecText';
import { isCleanMatch } from '../../core/scaffold/ScaffoldModel';
import { applySourceChoices } from '../../core/scaffold/sourceChoices';
import { specFileName, specKindOfPath, withoutSpecSuffix } from '../../core/spec/specFileNames';
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
  matchCandidates,
  scaffoldInferenceGraph,
  scaffoldPredictionSpec,
  type InferenceGraphScaffold,
} from '../../data/scaffold/scaffoldSpecs';
import { SCAFFOLD_TYPE_RULES } from '../../data/scaffold/scaffoldTypeRules';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';
import { KumoScaffold } from '../scaffold/kumoScaffold';
import { SCAFFOLD_USAGE } from '../scaffold/scaffoldUsage';
import { parseMatchOption, resolveMatchOptions, type MatchOption } from '../scaffold/matchOption';
import { scaffoldDestination } from '../scaffold/scaffoldDestination';
import { formatMatchingReport, matchingJson, matchingSummary } from '../scaffold/scaffoldReport';
import { OutputExistsError, writeSpecFile } from '../scaffold/writeSpecFile';

export type ScaffoldTarget = 'inference-graph' | 'prediction';

export interface ScaffoldOptions {
  target: ScaffoldTarget;
  from: string;
  data: string[];
  graph?: string;
  /** inference-graph: the Kumo connector whose tables are matched; prediction: the output's connector. */
  connector?: string;
  tables?: string;
  python?: string;
  /** prediction: the destination (scaffoldDestination). */
  path?: string;
  storage?: string;
  table?: string;
  /** Undefined or '-': stdout. */
  output?: string;
  force: boolean;
  json: boolean;
  /** inference-graph: the user's sources for tables, instead of the automatic matches. */
  match: MatchOption[];
}

const VALUE_OPTIONS: Record<string, 'connector' | 'tables' | 'python' | 'path' | 'storage' | 'table' | 'graph'> = {
  '--connector': 'connector',
  '--tables': 'tables',
  '--python': 'python',
  '--path': 'path',
  '--storage': 'storage',
  '--table': 'table',
  '--graph': 'graph',
};

export function parseScaffoldArgs(args: readonly string[]): ScaffoldOptions {
  const [target, ...rest] = args;
  if (target !== 'inference-graph' && target !== 'prediction') {
    throw new UsageError(
      target
        ? `unknown scaffold '${target}': use inference-graph or prediction`
        : 'scaffold what? inference-graph or prediction',
    );
  }
  const options: Omit<ScaffoldOptions, 'from'> & { from?: string } = {
    target,
    data: [],
    force: false,
    json: false,
    match: [],
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--from') options.from = value();
    else if (arg === '--data') options.data.push(value());
    else if (arg === '--match') options.match.push(parseMatchOption(value(), options.match));
    else if (Object.hasOwn(VALUE_OPTIONS, arg)) options[VALUE_OPTIONS[arg]] = value();
    else if (arg === '-o' || arg === '--output') options.output = value();
    else if (arg === '--force') options.force = true;
    else if (arg === '--json') options.json = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    // A shell expands an unquoted `--data new/*.csv` into several words: the rest are data paths too.
    else if (target === 'inference-graph') options.data.push(arg);
    else throw new UsageError(`unexpected argument '${arg}'`);
  }
  if (!options.from)
    throw new UsageError('--from is required: a *.training.yaml file, a local training job id or kumo:<id>');
  checkCombinations({ ...options, from: options.from });
  const kind = target === 'inference-graph' ? 'graph' : 'prediction';
  if (options.output && options.output !== '-' && specKindOfPath(options.output) !== kind) {
    const want = specFileName('*', kind);
    throw new UsageError(
      `the output must be named ${want} (Relgraph tells spec kinds by their suffix): got '${options.output}'`,
    );
  }
  return { ...options, from: options.from };
}

/** Options that belong to the other scaffold, or that exclude each other. */
function checkCombinations(options: Omit<ScaffoldOptions, 'from'> & { from: string }): void {
  const given = (keys: (keyof ScaffoldOptions)[]) => keys.filter((k) => options[k] !== undefined);
  if (options.target === 'prediction') {
    if (!options.graph) throw new UsageError('--graph is required: the inference graph to predict on');
    if (options.data.length > 0) throw new UsageError('--data applies to inference-graph');
    if (options.json) throw new UsageError('--json applies to inference-graph');
    if (options.match.length > 0) throw new UsageError('--match applies to inference-graph');
    const other = given(['tables', 'python']);
    if (other.length > 0) throw new UsageError(`--${other[0]} applies to inference-graph --connector`);
    return;
  }
  if (options.graph) throw new UsageError('--graph applies to prediction');
  const destination = given(['path', 'storage', 'table']);
  if (destination.length > 0) throw new UsageError(`--${destination[0]} applies to prediction (its destination)`);
  if (options.connector) {
    if (!options.from.startsWith('kumo:'))
      throw new UsageError(
        '--connector applies to Kumo models (--from kumo:<id>): the local engine reads files, matched with --data',
      );
    if (options.data.length > 0)
      throw new UsageError(
        'give --data or --connector, not both: neither backend reads a graph that mixes files and connector tables',
      );
  } else {
    const other = given(['tables', 'python']);
    if (other.length > 0) throw new UsageError(`--${other[0]} applies with --connector`);
  }
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
    const jobWorkspaceOf = file ? path.dirname(file) : io.cwd;
    // Kumo is asked only for a connector's tables; then a stale pulled graph is pulled again first.
    const kumo =
      options.connector && options.target === 'inference-graph' ? KumoScaffold.create(io, options.python) : undefined;
    const kumoRef = parseJobRef(options.from);
    if (kumo && kumoRef?.backend === 'kumo') await kumo.refresh(kumoRef.id, jobWorkspaceOf, options.python);
    const dependencies = { host, validator, cwd: io.cwd, jobWorkspaceOf };
    const training = await usageOnBadInput(loadScaffoldTraining(options.from, { ...dependencies, signal: io.signal }));
    const name =
      training.ref.kind === 'spec'
        ? withoutSpecSuffix(path.basename(training.ref.path), ['training'])
        : training.ref.id;
    if (options.target === 'inference-graph') {
      const anchor = file ?? path.join(io.cwd, specFileName(`${name}-inference`, 'graph'));
      return await usageOnBadInput(runInferenceGraph(options, training, { validator, kumo }, io, { file, anchor }));
    }
    const anchor = file ?? path.join(io.cwd, specFileName(name, 'prediction'));
    const destination = scaffoldDestination(options, {
      kumoModel: training.ref.kind === 'kumo',
      cwd: io.cwd,
      specFile: anchor,
    });
    return await usageOnBadInput(
      runPrediction(options, training, { host, validator, destination }, io, { file, anchor }),
    );
  } finally {
    validator.dispose();
  }
}

async function runInferenceGraph(
  options: ScaffoldOptions,
  training: ScaffoldTraining,
  dependencies: { validator: DataValidator; kumo?: KumoScaffold },
  io: CliIo,
  output: Output,
): Promise<number> {
  const scaffold = dependencies.kumo
    ? await connectorScaffold(options.connector!, options.tables, training, dependencies.kumo, output)
    : await fileScaffold(options, training, dependencies.validator, io, output);
  let { matching, text } = scaffold;
  if (options.match.length > 0) {
    const choices = resolveMatchOptions(options.match, training.graph, scaffold.candidates, io.cwd);
    matching = applySourceChoices(training.graph, matching, scaffold.candidates, choices, SCAFFOLD_TYPE_RULES);
    text = inferenceGraphText(training.graph, matching.tables, scaffold.textOptions);
  }
  const report = output.file && !options.json ? io.stdout : io.stderr;
  if (scaffold.truncated) {
    const what = scaffold.kind === 'connector-tables' ? 'tables in the connector' : 'candidate files';
    report(
      `relgraph scaffold: more than ${MAX_CANDIDATES} ${what}; only the first ${MAX_CANDIDATES} were considered\n`,
    );
  }
  if (output.file) writeOutput(output.file, text, options.force, io);
  else if (!options.json) io.stdout(text);

  const complete = matching.tables.every(isCleanMatch);
  if (options.json) {
    const decisions = matchingJson(training.graph, matching, scaffold.candidates, {
      sourceOf: (c) => sourceText(c, output.anchor),
      candidateKind: scaffold.kind,
    }) as object;
    io.stdout(
      JSON.stringify({ output: output.file ?? null, ...decisions, ...(output.file ? {} : { text }) }, null, 2) + '\n',
    );
    return complete ? 0 : 1;
  }
  report(
    formatMatchingReport(training.graph, matching, {
      label: (c) => (c.connector ? c.name : displayPath(c.path, io.cwd)),
      candidateCount: scaffold.candidates.length,
      dataLabel: options.data.length > 0 ? options.data.join(', ') : undefined,
      candidateKind: scaffold.kind,
      ...(scaffold.candidatesText ? { candidatesText: scaffold.candidatesText } : {}),
    }),
  );
  const where = output.file ? `Wrote ${displayPath(output.file, io.cwd)}` : 'Printed the graph';
  report(`\n${where}: ${matchingSummary(matching.tables)}.${complete ? '' : ' The gaps are commented in the spec.'}\n`);
  if (training.ref.kind === 'kumo' && options.data.length > 0) {
    report(
      'Note: Kumo reads tables through its connectors, not files on this machine: this graph is checked here, but relgraph predict on Kumo refuses it. Upload the files to a Kumo connector and scaffold again with --connector <name>.\n',
    );
  }
  if (output.file) {
    const ref = training.ref;
    const from = ref.kind === 'spec' ? displayPath(ref.path, io.cwd) : ref.kind === 'kumo' ? `kumo:${ref.id}` : ref.id;
    const graph = displayPath(output.file, io.cwd);
    const spec = specFileName(withoutSpecSuffix(graph, ['graph']), 'prediction');
    report(`Next: relgraph scaffold prediction --from ${from} --graph ${graph} -o ${spec}\n`);
  }
  return complete ? 0 : 1;
}

interface MatchedScaffold extends InferenceGraphScaffold {
  kind: CandidateKind;
  /** The report's `Candidates:` text, when they are not files. */
  candidatesText?: string;
}

async function fileScaffold(
  options: ScaffoldOptions,
  training: ScaffoldTraining,
  validator: DataValidator,
  io: CliIo,
  output: Output,
): Promise<MatchedScaffold> {
  const entries = options.data.map((d) => path.resolve(io.cwd, d));
  const scaffold = await scaffoldInferenceGraph(training, entries, output.anchor, validator, io.signal).catch(
    (error: unknown) => {
      if (!(error instanceof DataEntriesMissingError)) throw error;
      const typed = error.missing.map((m) => `'${options.data[entries.indexOf(m)] ?? m}'`);
      throw new UsageError(`--data: no such file or folder, or no CSV or Parquet file matches: ${typed.join(', ')}`);
    },
  );
  return { ...scaffold, kind: 'files' };
}

async function connectorScaffold(
  connector: string,
  tables: string | undefined,
  training: ScaffoldTraining,
  kumo: KumoScaffold,
  output: Output,
): Promise<MatchedScaffold> {
  const listed = await kumo.candidates(training, connector, tables);
  const matched = matchCandidates(training, listed.candidates, {
    outputPath: output.anchor,
    dataLabel: `Kumo connector ${connector}${tables ? ` (tables named like '${tables}')` : ''}`,
    candidateKind: 'connector-tables',
  });
  return { ...matched, truncated: listed.truncated, kind: 'connector-tables', candidatesText: listed.text };
}

async function runPrediction(
  options: ScaffoldOptions,
  training: ScaffoldTraining,
  dependencies: { host: NodeSpecHost; validator: DataValidator; destination?: ScaffoldDestination },
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
      : 'byKumo' in inferredAnchor
        ? `anchor time inferred by Kumo (latest ${inferredAnchor.byKumo})`
        : `default anchor time unknown: ${inferredAnchor.problem}`;
  const where = output.file ? `Wrote ${displayPath(output.file, io.cwd)}` : 'Printed the prediction spec';
  const undecided = training.taskTypeUndecided ? ' (a guess: the target data could not be read)' : '';
  report(`${where}: ${training.taskType?.replace(/_/g, ' ')}${undecided}, ${anchor}.\n`);
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
  usage: SCAFFOLD_USAGE,
  run: (args, io) => runScaffold(parseScaffoldArgs(args), io),
};
