import type { SpecHost } from '../../core/host/SpecHost';
import type { SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import { ZERO_RANGE } from '../../core/diagnostics/SpecDiagnostic';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { userCacheDir } from '../../data/cacheDirectory';
import { DataValidator } from '../../data/DataValidator';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import packageJson from '../../package.json';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { findSpecFiles } from '../findSpecFiles';
import { refreshBeforeValidate } from '../kumo/refreshBeforeValidate';
import { withGraphReferrers } from '../graphReferrers';
import { projectSourcePolicy } from '../projectFolder';
import type { SourceAccessPolicy } from '../../data/SourceAccessPolicy';
import type { SourceTables } from '../../data/SourceTables';
import { formatJson } from '../output/jsonFormatter';
import { formatSarif } from '../output/sarifFormatter';
import { formatText } from '../output/textFormatter';
import { displayPath, reportExitCode, type FileReport, type ValidationReport } from '../output/ValidationReport';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ValidateOptions {
  paths: string[];
  format: OutputFormat;
  /** Run the data checks (DataValidator) after the static ones; `--no-data` turns them off. */
  data: boolean;
  /** Let the data checks read sources outside the spec's project folder (`--allow-outside-workspace`). */
  allowOutsideWorkspace?: true;
  /** Do not ask Kumo whether a pulled Kumo training graph is stale (`--offline`). */
  offline?: true;
}

const USAGE = `Usage: relgraph validate [files or folders...] [options]

Checks graph, training and prediction specs (*.graph.yaml, *.training.yaml, *.prediction.yaml; .yml too)
and reports every problem with a stable code. Folders are searched recursively, skipping node_modules,
.git, .relgraph, out and dist. With no paths: the current directory.

Options:
  --format <text|json|sarif>  output format (default: text)
                                text:  path:line:col severity code message, then a summary
                                json:  {"files": [...], "summary": {...}} with 0-based ranges
                                sarif: SARIF 2.1.0 for code scanning
  --no-data                   skip the data checks (reading the tables' source files)
  --allow-outside-workspace   let the data checks read sources outside the spec's project (the nearest
                              folder above it with .git or .relgraph, else its own folder); without it
                              such a source is reported as source-outside-workspace and not read
  --offline                   do not ask Kumo whether a pulled Kumo training graph is stale
  -h, --help                  show this help

Specs of a model trained on Kumo (training_job: kumo:<id>) are checked against the training graph pulled into
.relgraph/kumo/ (relgraph kumo pull). With KUMO_API_URL and KUMO_API_KEY set, a pulled graph that Kumo changed
since is pulled again first; when Kumo cannot be reached the copy is used, with a warning on stderr.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.
Every code is explained in docs/diagnostics.md.`;

/** Parses `validate`'s arguments; anything unexpected is a UsageError (exit code 2). */
export function parseValidateArgs(args: readonly string[]): ValidateOptions {
  const options: ValidateOptions = { paths: [], format: 'text', data: true };
  let onlyPaths = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
    } else if (arg === '--') {
      onlyPaths = true;
    } else if (arg === '--no-data') {
      options.data = false;
    } else if (arg === '--allow-outside-workspace') {
      options.allowOutsideWorkspace = true;
    } else if (arg === '--offline') {
      options.offline = true;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value === undefined || value === '')
        throw new UsageError(`--format needs a value: ${OUTPUT_FORMATS.join(', ')}`);
      if (!isOutputFormat(value)) {
        throw new UsageError(`unknown format '${value}': use one of ${OUTPUT_FORMATS.join(', ')}`);
      }
      options.format = value;
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return options;
}

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export interface SpecFileValidationOptions {
  host: SpecHost;
  data: boolean;
  signal: AbortSignal;
  /** `false` keeps the data tier's query cache in memory (tests); by default it persists across runs. */
  dataCache?: boolean;
  /** Relgraph's cache folder (default: the user's cache directory, see data/cacheDirectory.ts). */
  dataCacheDir?: string;
  /** Hears, once, why the cache folder is not used (wrong owner or mode); the CLI prints it to stderr. */
  onDataCacheWarning?: (message: string) => void;
  /** Sees the error behind a file's failure (the command prints its stack under RELGRAPH_DEBUG). */
  onFailure?: (absolutePath: string, error: unknown) => void;
  /** Which source files the data checks may read (default: any). */
  sourceAccess?: SourceAccessPolicy;
  /** The validation before a job keeps the CSV rows it reads for the job (see data/SourceTables.ts). */
  sourceTables?: SourceTables;
}

/**
 * Validates each file: static checks, then the data checks unless turned off. A checker that throws
 * is reported as that file's failure and the other files are still checked: one bad spec must not
 * hide the problems of the rest.
 */
export async function validateSpecFiles(
  files: readonly string[],
  options: SpecFileValidationOptions,
): Promise<FileReport[]> {
  const host = withGraphReferrers(options.host, files);
  const dataValidator = options.data
    ? new DataValidator({
        host,
        diskCache: options.dataCache ?? true,
        cacheDir: options.dataCacheDir,
        onWarning: options.onDataCacheWarning,
        sourceAccess: options.sourceAccess,
        sourceTables: options.sourceTables,
      })
    : undefined;
  try {
    return await validateEach(files, host, dataValidator, options);
  } finally {
    dataValidator?.dispose();
  }
}

async function validateEach(
  files: readonly string[],
  host: SpecHost,
  dataValidator: DataValidator | undefined,
  options: SpecFileValidationOptions,
): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) {
    if (options.signal.aborted) break;
    let diagnostics: SpecDiagnostic[];
    let task: FileReport['task'];
    try {
      const validation = validateSpecFile(file, host);
      diagnostics = [...validation.diagnostics];
      task = validation.taskTypeInference;
      if (dataValidator) {
        diagnostics.push(...(await runDataChecks(dataValidator, validation, options.signal)));
        task = await taskTypeWithData(dataValidator, validation, options.signal);
      }
    } catch (error) {
      options.onFailure?.(file, error);
      reports.push({ path: file, diagnostics: [], failure: describeError(error) });
      continue;
    }
    reports.push({ path: file, diagnostics: withoutDuplicates(diagnostics), ...(task ? { task } : {}) });
  }
  return reports;
}

/** A data tier that fails (DuckDB error, interrupted) leaves the static results standing, with a warning saying so. */
async function runDataChecks(
  dataValidator: DataValidator,
  validation: Parameters<DataValidator['validate']>[0],
  signal: AbortSignal,
): Promise<SpecDiagnostic[]> {
  try {
    return await dataValidator.validate(validation, signal);
  } catch (error) {
    if (signal.aborted) return [];
    return [
      {
        code: 'data-check-incomplete',
        severity: 'warning',
        message: `The data checks stopped early: ${describeError(error)}`,
        range: ZERO_RANGE,
        source: 'relgraph-data',
      },
    ];
  }
}

/** The task type with the data's say; the static one when reading the data fails (runDataChecks has said why). */
async function taskTypeWithData(
  dataValidator: DataValidator,
  validation: Parameters<DataValidator['taskType']>[0],
  signal: AbortSignal,
): Promise<FileReport['task']> {
  try {
    return await dataValidator.taskType(validation, signal);
  } catch {
    return validation.taskTypeInference;
  }
}

/** The same problem reached twice (for example through two references to one graph) is printed once. */
function withoutDuplicates(diagnostics: SpecDiagnostic[]): SpecDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.range, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || 'unknown error';
}

export interface ValidateCommandDependencies {
  /** Whether stdout is a terminal: text output is colored only then (and only without NO_COLOR). */
  stdoutIsTty: () => boolean;
  createHost: () => SpecHost;
}

const DEFAULT_DEPENDENCIES: ValidateCommandDependencies = {
  stdoutIsTty: () => process.stdout.isTTY === true,
  createHost: () => new NodeSpecHost(),
};

export function createValidateCommand(overrides: Partial<ValidateCommandDependencies> = {}): CliCommand {
  const dependencies = { ...DEFAULT_DEPENDENCIES, ...overrides };
  return {
    name: 'validate',
    summary: 'Check graph, training and prediction specs and the data they read',
    usage: USAGE,
    run: (args, io) => runValidate(parseValidateArgs(args), io, dependencies),
  };
}

async function runValidate(
  options: ValidateOptions,
  io: CliIo,
  dependencies: ValidateCommandDependencies,
): Promise<number> {
  const search = findSpecFiles(options.paths, io.cwd);
  if (search.missing.length > 0) {
    throw new UsageError(`no such file or folder: ${search.missing.map((p) => `'${p}'`).join(', ')}`);
  }
  for (const folder of search.unreadable) {
    io.stderr(
      `relgraph validate: cannot read folder ${displayPath(folder.path, io.cwd)} (${folder.reason}); skipped\n`,
    );
  }
  if (search.files.length === 0) {
    io.stderr('relgraph validate: no spec files found (*.graph.yaml, *.training.yaml, *.prediction.yaml)\n');
  }

  if (!options.offline) await refreshBeforeValidate(search.files, dependencies.createHost(), io);
  const files = await validateSpecFiles(search.files, {
    host: dependencies.createHost(),
    data: options.data,
    signal: io.signal,
    sourceAccess: options.allowOutsideWorkspace ? undefined : projectSourcePolicy(),
    dataCacheDir: userCacheDir(io.env),
    onDataCacheWarning: (message) => io.stderr(`relgraph validate: ${message}\n`),
    onFailure: (_file, error) => {
      if (io.env.RELGRAPH_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    },
  });
  if (io.signal.aborted) {
    io.stderr('relgraph validate: interrupted\n');
    return 1;
  }
  const report: ValidationReport = { cwd: io.cwd, files };
  for (const file of files) {
    if (file.failure !== undefined) {
      io.stderr(`relgraph validate: could not validate ${displayPath(file.path, io.cwd)}: ${file.failure}\n`);
    }
  }
  io.stdout(formatReport(report, options.format, io, dependencies));
  return reportExitCode(report);
}

function formatReport(
  report: ValidationReport,
  format: OutputFormat,
  io: CliIo,
  dependencies: ValidateCommandDependencies,
): string {
  if (format === 'json') return formatJson(report);
  if (format === 'sarif') return formatSarif(report, { toolVersion: packageJson.version });
  // https://no-color.org: any non-empty NO_COLOR turns color off.
  const color = dependencies.stdoutIsTty() && !io.env.NO_COLOR;
  return formatText(report, { color });
}

export const validateCommand: CliCommand = createValidateCommand();
