import * as path from 'node:path';
import { JobBackendError, type BackendJob } from '../../backend/JobBackend';
import type { KumoJobBackend } from '../../backend/kumo/KumoJobBackend';
import { formatJobRef, type JobRef } from '../../core/jobs/JobRef';
import type { PredictionSpec } from '../../core/spec/SpecModel';
import { SpecLoader } from '../../core/validation/SpecLoader';
import { findWorkspace } from '../../data/jobs/jobWorkspace';
import { downloadPartitions, readPresignedRows, writePresignedOutput } from '../../data/kumo/presignedOutputs';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import { createDestination } from '../../engine/prediction/destinations/createDestination';
import type { Destination } from '../../engine/prediction/destinations/Destination';
import { UsageError, type CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';
import { validateBeforeRun } from '../validateBeforeRun';
import { createCliKumoBackend, prefixedLines } from './cliKumoBackend';
import { followJob } from './followJob';
import { formatValidation } from './formatBackendJob';
import { intervalMs, parseArgs, single, tagsOf, wholeNumber } from './kumoArgs';
import { presignedFooter, printRows } from './printRows';
import { refreshTrainingGraph } from './refreshTrainingGraph';

export const KUMO_PREDICT_USAGE = `Kumo models (training_job: kumo:<id>) run on Kumo: on the training graph (no 'graph:', or a graph of
exactly the training graph's connector tables) through Kumo's REST API, on another graph through Kumo's
Python SDK (a generated script, run with your Python; see relgraph kumo script). Needs KUMO_API_URL and
KUMO_API_KEY. The job is followed until it ends (stages, progress); Ctrl+C detaches and says how to cancel.

Kumo options:
  --detach           return as soon as Kumo accepted the job
  --tag <k=v>        a Kumo job tag (repeatable)
  --python <path>    the Python with kumoai (else KUMO_PYTHON, else python3)
  --interval <s>     seconds between two polls of the job (default 10, as Kumo's SDK)`;

/** Whether `relgraph predict <args>` names a spec whose model is a Kumo training job. */
export function isKumoPrediction(args: readonly string[], io: CliIo): boolean {
  const spec = args.find(
    (a, i) => !a.startsWith('-') && !['--workers', '--head', '--tag', '--python', '--interval'].includes(args[i - 1]),
  );
  if (!spec) return false;
  const specPath = path.resolve(io.cwd, spec);
  const loaded = new SpecLoader(new NodeSpecHost()).load(specPath)?.spec;
  return loaded?.kind === 'prediction' && loaded.trainingJob?.kind === 'kumo';
}

/** `relgraph predict <spec>` for a Kumo model: validate, launch, follow, download and show. */
export async function runKumoPredict(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, {
    flags: ['--detach', '--no-data', '--json'],
    values: ['--workers', '--head', '--tag', '--python', '--interval'],
  });
  if (parsed.positionals.length !== 1) throw new UsageError('give one *.prediction.yaml spec');
  const spec = parsed.positionals[0];
  const specPath = path.resolve(io.cwd, spec);
  const workers = wholeNumber(single(parsed, '--workers'), '--workers');
  if (workers !== undefined && (workers < 1 || workers > 4)) throw new UsageError('--workers must be 1 to 4');
  const head = wholeNumber(single(parsed, '--head'), '--head') ?? 5;
  const sdkOutput = prefixedLines(io.stderr, '  | ');
  const backend = createCliKumoBackend(io, {
    python: single(parsed, '--python'),
    onSdkOutput: sdkOutput.write,
    adjustSpec: (v) => (workers && v.prediction ? { ...v, prediction: { ...v.prediction, numWorkers: workers } } : v),
  });

  // A pulled training graph that Kumo changed since is pulled again before the spec is checked against it.
  const model = (new SpecLoader(new NodeSpecHost()).load(specPath)?.spec as PredictionSpec).trainingJob;
  if (model?.kind === 'kumo') {
    try {
      const refreshed = await refreshTrainingGraph(backend, model.jobId, findWorkspace(specPath), io, {
        python: single(parsed, '--python'),
        onlyIfCached: true,
      });
      if (refreshed.state === 'pulled') io.stderr(`  pulled again: ${displayPath(refreshed.file, io.cwd)}\n`);
    } catch (error) {
      // Kumo itself did not answer: nothing can be launched. The SDK failing only leaves the older copy.
      if (io.signal.aborted || !(error instanceof JobBackendError) || error.kind !== 'unsupported') throw error;
      io.stderr(
        `warning: the pulled graph of kumo:${model.jobId} could not be refreshed (${error.message}); checking against the copy there is\n`,
      );
    }
  }
  const checked = await validateBeforeRun('predict', spec, io, {
    host: new NodeSpecHost(),
    data: !parsed.flags.has('--no-data'),
    backend: 'kumo',
  });
  if ('exitCode' in checked) return checked.exitCode;
  // Refused before Kumo spends any time on it: the download would replace files Relgraph did not write, or
  // write outside the spec's workspace (the local engine's rules for the same destination).
  const download = checked.validation.prediction && localDownload(checked.validation.prediction);
  download?.preflight();

  const { plan } = backend.plan(specPath);
  if (plan.kind === 'rest') io.stderr(`Launching on Kumo (${backend.host}) through its REST API: ${plan.why}\n`);
  else if (plan.kind === 'sdk') io.stderr(`Launching on Kumo (${backend.host}) with Kumo's Python SDK: ${plan.why}\n`);
  const outcome = await backend.launchPrediction({ specPath, tags: tagsOf(parsed) }, io.signal);
  sdkOutput.flush();
  if (!outcome.accepted) {
    io.stderr(`Kumo refused the batch prediction of ${displayPath(specPath, io.cwd)}:\n`);
    io.stderr(formatValidation(outcome.validation, '  ').join('\n') + '\n');
    return 1;
  }
  const ref = outcome.ref;
  io.stderr(`${formatJobRef(ref)}: accepted by Kumo (${backend.host})\n`);
  if (outcome.validation) {
    const notes = formatValidation({ ...outcome.validation, errors: [] }, '  ');
    if (notes.length > 0) io.stderr(notes.join('\n') + '\n');
  }
  if (parsed.flags.has('--detach')) {
    io.stdout(`${formatJobRef(ref)}\n`);
    io.stderr(
      `Follow it with 'relgraph kumo follow ${formatJobRef(ref)}'; cancel it with 'relgraph kumo cancel ${formatJobRef(ref)}'.\n`,
    );
    return 0;
  }
  return followAndReport(backend, ref, io, {
    intervalMs: intervalMs(parsed),
    head,
    json: parsed.flags.has('--json'),
    specPath,
  });
}

/** Follows a launched (or attached) job to its end and reports it; exit code 0 only for DONE. */
export async function followAndReport(
  backend: KumoJobBackend,
  ref: JobRef,
  io: CliIo,
  options: { intervalMs: number; head: number; json: boolean; specPath?: string },
): Promise<number> {
  const followed = await followJob(backend, ref, {
    intervalMs: options.intervalMs,
    signal: io.signal,
    report: (l) => io.stderr(`${l}\n`),
  });
  if (followed.detached) {
    io.stderr(
      `\nDetached: ${formatJobRef(ref)} keeps running on Kumo. Follow it again with 'relgraph kumo follow ${formatJobRef(ref)}'; ` +
        `cancel it with 'relgraph kumo cancel ${formatJobRef(ref)}'.\n`,
    );
    return 130;
  }
  const job = followed.job;
  if (options.json) io.stdout(JSON.stringify(job, null, 2) + '\n');
  if (job.status !== 'DONE') {
    io.stderr(`${job.status} ${formatJobRef(ref)}: ${job.error ?? 'no reason given'}\n`);
    if (job.validation) io.stderr(formatValidation(job.validation, '  ').join('\n') + '\n');
    if (job.trackingUrl) io.stderr(`  see ${job.trackingUrl}\n`);
    return 1;
  }
  if (!options.json) io.stdout(reportDone(job));
  const prediction = options.specPath
    ? (new SpecLoader(new NodeSpecHost()).load(options.specPath)?.spec as PredictionSpec | undefined)
    : undefined;
  if (
    prediction?.kind === 'prediction' &&
    prediction.destination?.type.value === 'local' &&
    prediction.destination.path
  ) {
    await downloadToDestination(backend, ref, prediction, io);
  }
  if (options.head > 0 && !options.json) {
    const [output] = await backend.outputs(ref.id, 'predictions', io.signal);
    if (output?.location.kind === 'presigned-urls') {
      const rows = await readPresignedRows(output.location.urls, { limit: options.head, signal: io.signal });
      io.stdout(`\nFirst ${rows.rows.length} prediction rows:\n`);
      printRows(io, rows, 'table', presignedFooter(rows));
    }
  }
  return 0;
}

function reportDone(job: BackendJob): string {
  const seconds =
    job.startedAt && job.endedAt ? (Date.parse(job.endedAt) - Date.parse(job.startedAt)) / 1000 : undefined;
  const ref = formatJobRef(job.ref);
  const lines = [
    `DONE ${ref}${seconds !== undefined ? ` in ${seconds.toFixed(1)} s` : ''}${job.trainingJob ? ` (model ${formatJobRef(job.trainingJob)})` : ''}`,
  ];
  const entities = job.summary?.num_entities_predicted;
  if (typeof entities === 'number') lines.push(`  entities predicted: ${entities}`);
  if (job.trackingUrl) lines.push(`  tracking: ${job.trackingUrl}`);
  lines.push(`  outputs: relgraph kumo predictions ${ref} [--head N] [--out file]`);
  return lines.join('\n') + '\n';
}

/**
 * `destination: { type: local, path }` on Kumo means "local download" (the UI's Local Download Only):
 * Kumo keeps the output, and Relgraph writes it where the spec says, named as the local engine names
 * outputs (`<name>_predictions...`), complete or not at all.
 */
async function downloadToDestination(
  backend: KumoJobBackend,
  ref: JobRef,
  spec: PredictionSpec,
  io: CliIo,
): Promise<void> {
  const destination = localDownload(spec)!;
  // Checked again: the job ran for a while, and `relgraph kumo follow` reaches here without the launch's check.
  destination.preflight();
  for (const target of destination.targets) {
    const [output] = await backend.outputs(ref.id, target.outputType, io.signal);
    if (output?.location.kind !== 'presigned-urls') {
      throw new JobBackendError('internal', `Kumo gave no ${target.outputType} for ${formatJobRef(ref)}`);
    }
    const urls = output.location.urls;
    if (target.partitioned) {
      const owner = { jobId: ref.id, outputType: target.outputType };
      const files = await downloadPartitions(urls, target.path, { signal: io.signal, owner });
      io.stdout(
        `  ${target.outputType.padEnd(11)} parquet ${files.length} partition${files.length === 1 ? '' : 's'}  ${displayPath(target.path, io.cwd)}\n`,
      );
    } else {
      const written = await writePresignedOutput(urls, target.path, {
        format: target.format,
        signal: io.signal,
        owner: { jobId: ref.id, outputType: target.outputType },
      });
      io.stdout(
        `  ${target.outputType.padEnd(11)} ${target.format.padEnd(7)} ${written.rows} rows  ${displayPath(written.file, io.cwd)}\n`,
      );
    }
  }
}

/** The files a `local` destination of a Kumo job is downloaded to, with the local engine's rules for them. */
function localDownload(spec: PredictionSpec): Destination | undefined {
  const destination = spec.destination;
  if (destination?.type.value !== 'local' || !destination.path) return undefined;
  return createDestination(spec, path.dirname(spec.path));
}
