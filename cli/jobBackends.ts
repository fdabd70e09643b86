import * as path from 'node:path';
import type { JobBackend } from '../backend/JobBackend';
import { discoverJobWorkspaces } from '../backend/local/jobStoreDiscovery';
import { findWorkspace } from '../backend/local/jobWorkspace';
import { LocalJobBackend } from '../backend/local/LocalJobBackend';
import { formatJobRef, parseJobRef, type BackendId, type JobRef } from '../core/jobs/JobRef';
import { engineOutputExporter } from '../engine/prediction/predictionArtifacts';
import { UsageError } from './CliCommand';
import { enginePredictionLauncher } from './enginePredictionLauncher';

/** What a backend factory gets from the command that needs it. */
export interface JobBackendContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `--workspace`: the local jobs of that workspace only. */
  workspace?: string;
}

/** A backend, or undefined when it is not set up here (Kumo without KUMO_API_URL). */
export type JobBackendFactory = (context: JobBackendContext) => JobBackend | undefined;

/**
 * Every backend the CLI's job commands (`jobs`, `predictions`, `export`) know, in listing order.
 * Registering a backend is one line here (Kumo: backend/kumo/createKumoBackend).
 */
export const JOB_BACKEND_FACTORIES: readonly JobBackendFactory[] = [createLocalJobBackend];

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

/** The backends a list reads: all that are set up, or the one asked for (which must be set up). */
export function backendsFor(context: JobBackendContext, choice: BackendChoice = 'all'): JobBackend[] {
  const available = availableBackends(context);
  if (choice === 'all') return available;
  const chosen = available.filter((b) => b.id === choice);
  if (chosen.length === 0) throw new UsageError(notSetUp(choice));
  return chosen;
}

/** A job reference as typed (`kumo:<id>` or a bare local id) and the backend that has it. */
export function resolveJobRef(context: JobBackendContext, text: string): { backend: JobBackend; ref: JobRef } {
  const ref = parseJobRef(text);
  if (!ref) throw new UsageError(`'${text}' is not a job id (a local bp-job-... / trainingjob-... id, or kumo:<id>)`);
  const backend = availableBackends(context).find((b) => b.id === ref.backend);
  if (!backend) throw new UsageError(notSetUp(ref.backend, formatJobRef(ref)));
  return { backend, ref };
}

function availableBackends(context: JobBackendContext): JobBackend[] {
  return JOB_BACKEND_FACTORIES.map((create) => create(context)).filter((b): b is JobBackend => b !== undefined);
}

function notSetUp(backend: BackendId, job?: string): string {
  const what = job ? `${job} is a Kumo job, but the` : 'the';
  return backend === 'kumo'
    ? `${what} Kumo backend is not available here: set KUMO_API_URL and KUMO_API_KEY (see docs/kumo.md)`
    : `the ${backend} backend is not available`;
}
