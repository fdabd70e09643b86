import type { KumoTrainingGraph } from '../../core/kumo/KumoTrainingGraph';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import { JobBackendError } from '../JobBackend';
import { choosePython, type PythonChoice } from './kumoPython';
import { KumoJobBackend } from './KumoJobBackend';
import { KumoRestClient, type KumoClientOptions } from './KumoRestClient';

export interface CreateKumoBackendOptions {
  /** Where KUMO_API_URL, KUMO_API_KEY, KUMO_PYTHON and the tuning variables are read (default: none). */
  env?: NodeJS.ProcessEnv;
  /** Explicit connection settings; they win over the environment. */
  url?: string;
  apiKey?: string;
  timeoutMs?: number;
  retry?: KumoClientOptions['retry'];
  onRetry?: KumoClientOptions['onRetry'];
  /** `--python`: the Python that runs Kumo's SDK (else KUMO_PYTHON, else python3). */
  python?: string;
  /**
   * Validation of a spec before launch (the CLI passes core validation, cli/kumo/cliKumoBackend.ts). Without it the
   * backend lists, follows and cancels jobs but launches nothing: the editor's Kumo view, which must not load the
   * spec parser and its schemas (activation time), launches through the CLI.
   */
  resolveSpec?: (specPath: string) => SpecValidation;
  readTrainingGraph?: (jobId: string, specPath: string) => KumoTrainingGraph | undefined;
  onSdkOutput?: (text: string) => void;
  displayPath?: (absolutePath: string) => string;
}

/** Whether Kumo is configured in this environment (what decides `--backend all` by default). */
export function isKumoConfigured(env: NodeJS.ProcessEnv): boolean {
  return !!env.KUMO_API_URL;
}

/**
 * The Kumo backend from the environment (`KUMO_API_URL`, `KUMO_API_KEY`, optional `KUMO_PYTHON`,
 * `RELGRAPH_KUMO_TIMEOUT_MS`, `RELGRAPH_KUMO_RETRY_BACKOFF_MS`) or explicit options. Throws a
 * JobBackendError saying what to set when the URL or the key is missing; the key is never echoed.
 */
export function createKumoBackend(options: CreateKumoBackendOptions = {}): KumoJobBackend {
  const env = options.env ?? {};
  const url = options.url ?? env.KUMO_API_URL;
  const apiKey = options.apiKey ?? env.KUMO_API_KEY;
  if (!url)
    throw new JobBackendError(
      'unsupported',
      'Kumo is not configured: set KUMO_API_URL (like https://<customer>.kumoai.cloud/api) and KUMO_API_KEY',
    );
  if (!apiKey)
    throw new JobBackendError(
      'unauthorized',
      "KUMO_API_KEY is not set: create an API key in Kumo's settings and put it in KUMO_API_KEY",
    );
  const client = new KumoRestClient({
    url,
    apiKey,
    timeoutMs: options.timeoutMs ?? positiveNumber(env.RELGRAPH_KUMO_TIMEOUT_MS, 'RELGRAPH_KUMO_TIMEOUT_MS'),
    retry: {
      ...(env.RELGRAPH_KUMO_RETRY_BACKOFF_MS !== undefined
        ? { backoffMs: positiveNumber(env.RELGRAPH_KUMO_RETRY_BACKOFF_MS, 'RELGRAPH_KUMO_RETRY_BACKOFF_MS', true) }
        : {}),
      ...options.retry,
    },
    onRetry: options.onRetry,
  });
  const python: PythonChoice = choosePython(options.python, env);
  return new KumoJobBackend({
    client,
    resolveSpec: options.resolveSpec ?? refuseLaunch,
    readTrainingGraph: options.readTrainingGraph,
    python,
    // The SDK reads the same URL and key: the child gets them even when they were given as options.
    env: { ...env, KUMO_API_URL: client.url, KUMO_API_KEY: apiKey },
    onSdkOutput: options.onSdkOutput,
    displayPath: options.displayPath,
  });
}

function positiveNumber(text: string | undefined, name: string, zeroAllowed = false): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0))
    throw new JobBackendError(
      'unsupported',
      `${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number of milliseconds (got '${text}')`,
    );
  return value;
}

function refuseLaunch(): never {
  throw new JobBackendError('unsupported', 'this Kumo backend launches nothing: run relgraph predict <spec>');
}
