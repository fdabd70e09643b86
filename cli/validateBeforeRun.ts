import * as path from 'node:path';
import { kumoSourceProblems, localSourceProblems } from '../backend/kumo/kumoLaunchPlan';
import type { SpecHost } from '../core/host/SpecHost';
import type { BackendId } from '../core/jobs/JobRef';
import { userCacheDir } from '../data/cacheDirectory';
import { openDataCheckCache } from '../data/dataCheckCache';
import { sqlString } from '../data/sourceScan';
import { openPreJobSession, type PreJobSession } from '../engine/jobs/preJobSession';
import type { DuckDbSession } from '../data/DuckDbSession';
import type { QueryCache } from '../data/QueryCache';
import { validateSpecFile } from '../core/validation/validateSpec';
import type { SpecValidation } from '../core/validation/SpecValidation';
import type { CliIo } from './CliCommand';
import { validateSpecFiles } from './commands/validateCommand';
import { formatText } from './output/textFormatter';
import { displayPath } from './output/ValidationReport';

/**
 * What `train` and `predict` do first: run the same checks as `relgraph validate` and refuse a spec with
 * errors, printing them, so a job never starts on a spec the editor or CI would reject. Warnings are
 * printed unless `quiet`. Returns the validation to run from and the data tier's query cache, which now
 * holds what the checks learnt about the sources (the job reads its CSV types there instead of reading the
 * files again), or the exit code to stop with.
 */
export async function validateBeforeRun(
  command: string,
  spec: string,
  io: CliIo,
  options: {
    host: SpecHost;
    data: boolean;
    quiet?: boolean;
    backend?: BackendId;
    /**
     * The job runs on the local engine right after: the data checks run on its DuckDB session and the CSV rows
     * they read stay there for it (`preJob`, which the caller closes), so each file is read once per run.
     */
    keepRowsForJob?: boolean;
  },
): Promise<ValidatedSpec | { exitCode: number }> {
  const dataCacheDir = userCacheDir(io.env);
  const preJob = options.keepRowsForJob && options.data ? await openPreJobSession(dataCacheDir) : undefined;
  try {
    const checked = await validate(command, spec, io, options, dataCacheDir, preJob);
    if ('exitCode' in checked || !preJob) preJob?.close();
    return checked;
  } catch (error) {
    preJob?.close();
    throw error;
  }
}

async function validate(
  command: string,
  spec: string,
  io: CliIo,
  options: { host: SpecHost; data: boolean; quiet?: boolean; backend?: BackendId },
  dataCacheDir: string | undefined,
  preJob: PreJobSession | undefined,
): Promise<ValidatedSpec | { exitCode: number }> {
  const specPath = path.resolve(io.cwd, spec);
  const onDataCacheWarning = (message: string) => io.stderr(`relgraph ${command}: ${message}\n`);
  const [report] = await withUtcTimeZone(preJob, () =>
    validateSpecFiles([specPath], {
      host: options.host,
      data: options.data,
      signal: io.signal,
      dataCacheDir,
      onDataCacheWarning,
      sourceTables: preJob?.sourceTables,
    }),
  );
  if (io.signal.aborted) {
    io.stderr(`relgraph ${command}: interrupted\n`);
    return { exitCode: 1 };
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || report.failure !== undefined) {
    io.stderr(formatText({ cwd: io.cwd, files: [{ ...report, diagnostics: errors }] }, { color: false }));
    io.stderr(`relgraph ${command}: ${displayPath(specPath, io.cwd)} has errors (above); fix them and run again\n`);
    return { exitCode: 1 };
  }
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length > 0 && !options.quiet) {
    io.stderr(formatText({ cwd: io.cwd, files: [{ ...report, diagnostics: warnings }] }, { color: false }));
  }
  // The static tier again, for the resolved model (graphs, query); its parses are memoised. The task type is
  // the one `relgraph validate` reports, which the data may have decided (a two-valued target is binary).
  const validation = validateSpecFile(specPath, options.host);
  if (report.task) {
    validation.taskType = report.task.taskType;
    validation.taskTypeInference = report.task;
  }
  // A graph's tables must be readable where the job runs: files here, Kumo connector tables on Kumo.
  const backend = options.backend ?? 'local';
  const problems = validation.graph
    ? backend === 'kumo'
      ? kumoSourceProblems(validation.graph)
      : localSourceProblems(validation.graph)
    : [];
  if (problems.length > 0) {
    const where = backend === 'kumo' ? 'on Kumo' : 'on the local engine';
    io.stderr(`relgraph ${command}: ${displayPath(specPath, io.cwd)} cannot run ${where}: ${problems.join('; ')}\n`);
    return { exitCode: 1 };
  }
  return {
    validation,
    dataCache: openDataCheckCache(dataCacheDir, onDataCacheWarning),
    ...(preJob ? { preJob } : {}),
  };
}

/** A spec validateBeforeRun let through: what the job runs from. */
export interface ValidatedSpec {
  validation: SpecValidation;
  dataCache?: QueryCache;
  /** The job's DuckDB session with the CSV rows the checks read (`keepRowsForJob`). */
  preJob?: PreJobSession;
}

/** The exit code of validateBeforeRun's refusal, or of `run` on the validated spec; the job's session is closed after. */
export async function runValidated(
  checked: ValidatedSpec | { exitCode: number },
  run: (validated: ValidatedSpec) => Promise<number>,
): Promise<number> {
  if ('exitCode' in checked) return checked.exitCode;
  try {
    return await run(checked);
  } finally {
    checked.preJob?.close();
  }
}

/** What a job's input takes of the validation's session: the session, and the kept rows by source fingerprint. */
export function preJobInput(validated: ValidatedSpec): {
  preJob?: { session: DuckDbSession; scans: Map<string, string> };
} {
  const { preJob } = validated;
  return preJob ? { preJob: { session: preJob.session, scans: preJob.sourceTables.scans() } } : {};
}

/**
 * The data checks compare and print times in UTC (QueryRunner sets it on its own sessions); on the job's session
 * the job's own setting is put back afterwards, so the job computes exactly what it computes on a fresh session.
 */
async function withUtcTimeZone<T>(preJob: PreJobSession | undefined, work: () => Promise<T>): Promise<T> {
  if (!preJob) return work();
  const [row] = await preJob.session.rows("SELECT current_setting('TimeZone') AS zone");
  await preJob.session.run("SET TimeZone = 'UTC'");
  try {
    return await work();
  } finally {
    await preJob.session.run(`SET TimeZone = ${sqlString(String(row.zone))}`);
  }
}
