import * as path from 'node:path';
import { JobBackendError, type JobBackend } from '../backend/JobBackend';
import { discoverJobWorkspaces } from '../backend/local/jobStoreDiscovery';
import { findWorkspace } from '../backend/local/jobWorkspace';
import { LocalJobBackend } from '../backend/local/LocalJobBackend';
import { formatJobRef, parseJobRef, type BackendId, type JobRef } from '../core/jobs/JobRef';
import { isKumoConfigured } from '../backend/kumo/createKumoBackend';
import { engineOutputExporter } from '../engine/prediction/predictionArtifacts';
import { UsageError, type CliIo } from './CliCommand';
import { enginePredictionLauncher } from './enginePredictionLauncher';
import { createCliKumoBackend } from './kumo/cliKumoBackend';

/** What a backend factory gets from the command that needs it: the command's io, and `--workspace`. */
export interface JobBackendContext extends CliIo {
  /** `--workspace`: the local jobs of that workspace only. */
  workspace?: string;
}

/** The context of a job command: its io, and `--workspace` when given. */
export function jobBackendContext(io: CliIo, workspace?: string): JobBackendContext {
  return { ...io, ...(workspace !== undefined ? { workspace } : {}) };
}

/**
 * A backend, or undefined when it is not set up here (Kumo without KUMO_API_URL). A factory throws a
 * JobBackendError when the backend is set up but cannot work (KUMO_API_URL without KUMO_API_KEY).
 */
export type JobBackendFactory = (context: JobBackendContext) => JobBackend | undefined;

/**
 * Every backend the CLI's job commands (`jobs`, `predictions`, `export`) know, in listing order.
 * Registering a backend is one line here.
 */
export const JOB_BACKEND_FACTORIES: readonly { id: BackendId; name: string; create: JobBackendFactory }[] = [
  { id: 'local', name: 'Local engine', create: createLocalJobBackend },
  { id: 'kumo', name: 'Kumo', create: createKumoJobBackend },
];

/** Kumo cloud, when KUMO_API_URL is set: the backend `relgraph kumo ...` uses, printing retries to stderr. */
export function createKumoJobBackend(context: JobBackendContext): JobBackend | undefined {
  return isKumoConfigured(context.env) ? createCliKumoBackend(context) : undefined;
}

/**
 * The local engine's jobs. Without `--workspace`: every job store at or above the current folder and
 * below it (bounded search), so `relgraph jobs list` from a repository root finds `examples/f1/.relgraph`;
 * a job id is unique, so any of them answers for it. Dead jobs are settled on reading, as the CLI always did.
 */
export function createLocalJobBackend(context: JobBackendContext): JobBackend {
  // Searched once per command (`jobs logs --follow` asks on every poll).
  let found: Promise<string[]> | undefined;
  return new LocalJobBackend({
    workspaces: () => (found ??= localWorkspaces(context)),
    settleDeadJobs: true,
    launcher: enginePredictionLauncher(),
    exporter: engineOutputExporter,
  });
}

export async function localWorkspaces(context: JobBackendContext): Promise<string[]> {
  if (context.workspace !== undefined) return [findWorkspace(path.resolve(context.cwd, context.workspace))];
  return (await discoverJobWorkspaces([context.cwd])).workspaces;
}

export type BackendChoice = BackendId | 'all';

export function parseBackendChoice(text: string | undefined): BackendChoice {
  if (text === 'local' || text === 'kumo' || text === 'all') return text;
  throw new UsageError(`--backend must be local, kumo or all (got '${text ?? ''}')`);
}

/**
 * The backends a list reads: all that are set up, or the one asked for (which must be set up and work).
 * With `all`, a backend that is set up but cannot work is in `unavailable` ("Kumo: <why>"; the list goes
 * on without it); asked for by name, it is a usage error.
 */
export function backendsFor(
  context: JobBackendContext,
  choice: BackendChoice = 'all',
): { backends: JobBackend[]; unavailable: string[] } {
  const found = createBackends(context, choice);
  if (choice !== 'all' && found.backends.length === 0) throw new UsageError(notSetUp(choice));
  return found;
}

function createBackends(context: JobBackendContext, choice: BackendChoice) {
  const backends: JobBackend[] = [];
  const unavailable: string[] = [];
  for (const { id, name, create } of JOB_BACKEND_FACTORIES) {
    if (choice !== 'all' && id !== choice) continue;
    try {
      const backend = create(context);
      if (backend) backends.push(backend);
    } catch (error) {
      if (!(error instanceof JobBackendError)) throw error;
      if (choice !== 'all') throw new UsageError(error.message);
      unavailable.push(`${name}: ${error.message}`);
    }
  }
  return { backends, unavailable };
}

/** A job reference as typed (`kumo:<id>` or a bare local id) and the backend that has it. */
export function resolveJobRef(context: JobBackendContext, text: string): { backend: JobBackend; ref: JobRef } {
  const ref = parseJobRef(text);
  if (!ref) throw new UsageError(`'${text}' is not a job id (a local bp-job-... / trainingjob-... id, or kumo:<id>)`);
  const [backend] = createBackends(context, ref.backend).backends;
  if (!backend) throw new UsageError(notSetUp(ref.backend, formatJobRef(ref)));
  return { backend, ref };
}

function notSetUp(backend: BackendId, job?: string): string {
  const what = job ? `${job} is a Kumo job, but the` : 'the';
  return backend === 'kumo'
    ? `${what} Kumo backend is not available here: set KUMO_API_URL and KUMO_API_KEY, and check them with 'relgraph kumo status' (docs/kumo.md)`
    : `the ${backend} backend is not available`;
}
