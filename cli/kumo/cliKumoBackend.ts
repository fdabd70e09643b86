import * as path from 'node:path';
import { createKumoBackend, type CreateKumoBackendOptions } from '../../backend/kumo/createKumoBackend';
import type { KumoJobBackend } from '../../backend/kumo/KumoJobBackend';
import type { KumoTrainingGraph } from '../../core/kumo/KumoTrainingGraph';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { findWorkspace } from '../../data/jobs/jobWorkspace';
import { readKumoTrainingGraph } from '../../data/kumo/kumoTrainingGraphCache';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import type { CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';

export interface CliKumoBackendOptions {
  /** `--python`. */
  python?: string;
  /** Where the SDK's output goes while a script runs (default: stderr, indented). */
  onSdkOutput?: (text: string) => void;
  /** Changes the validated spec before launch (`relgraph predict --workers`). */
  adjustSpec?: (validation: SpecValidation) => SpecValidation;
  /** The time limit of one request attempt when RELGRAPH_KUMO_TIMEOUT_MS does not set it (default 30 s). */
  timeoutMs?: number;
  /** Retries other than Kumo's SDK's (`relgraph validate` asks once: it works offline anyway). */
  retry?: CreateKumoBackendOptions['retry'];
}

/**
 * The Kumo backend as every CLI command uses it: configured from the command's environment, validating
 * specs with the CLI's host (so a launch sees exactly what `relgraph validate` sees), reading pulled
 * training graphs from the spec's workspace, and printing each retry to stderr so a wait is never silent.
 * This is the factory to register in the CLI's backend list.
 */
export function createCliKumoBackend(io: CliIo, options: CliKumoBackendOptions = {}): KumoJobBackend {
  const host = new NodeSpecHost();
  return createKumoBackend({
    env: io.env,
    python: options.python,
    ...(options.timeoutMs !== undefined && !io.env.RELGRAPH_KUMO_TIMEOUT_MS ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    resolveSpec: (specPath) => {
      const validation = validateSpecFile(specPath, host);
      return options.adjustSpec ? options.adjustSpec(validation) : validation;
    },
    readTrainingGraph: (jobId, specPath) => readPulledGraph(jobId, specPath),
    onRetry: ({ request, attempt, reason, delayMs }) =>
      io.stderr(`  Kumo: ${request} failed (${reason}); attempt ${attempt} in ${(delayMs / 1000).toFixed(1)} s\n`),
    onSdkOutput: options.onSdkOutput ?? prefixedLines(io.stderr, '  | ').write,
    displayPath: (p) => displayPath(p, io.cwd),
  });
}

export function readPulledGraph(jobId: string, specPath: string): KumoTrainingGraph | undefined {
  const read = readKumoTrainingGraph(findWorkspace(specPath), jobId);
  return read.state === 'ok' ? read.graph : undefined;
}

/**
 * Runs work in Kumo's SDK (a Python child) with its output collected; when the work fails, the end of
 * that output (a traceback explains a failure best) is printed first, without the key.
 */
export async function showingSdkFailure<T>(
  backend: KumoJobBackend,
  io: CliIo,
  work: (onOutput: (text: string) => void) => Promise<T>,
): Promise<T> {
  let output = '';
  try {
    return await work((text) => (output += text));
  } catch (error) {
    const tail = output.trim().split('\n').slice(-12).join('\n');
    if (tail && !io.signal.aborted) io.stderr(`${backend.client.scrub(tail)}\n`);
    throw error;
  }
}

/** The workspace a Kumo command stores pulled graphs in: `--workspace`, else the current folder's. */
export function kumoWorkspace(io: CliIo, workspace?: string): string {
  return findWorkspace(workspace ? path.resolve(io.cwd, workspace) : io.cwd);
}

/**
 * Output that arrives in chunks, printed line by line with a prefix (a chunk may end mid-line); `flush`
 * prints a last line that has no newline.
 */
export function prefixedLines(
  print: (text: string) => void,
  prefix: string,
): { write: (text: string) => void; flush: () => void } {
  let pending = '';
  return {
    write: (text: string) => {
      pending += text;
      const end = pending.lastIndexOf('\n');
      if (end < 0) return;
      print(pending.slice(0, end + 1).replace(/^(?=.)/gm, prefix));
      pending = pending.slice(end + 1);
    },
    flush: () => {
      if (pending) print(`${prefix}${pending}\n`);
      pending = '';
    },
  };
}
