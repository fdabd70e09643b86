import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { LaunchOutcome, LaunchPredictionRequest, ValidationItem } from '../../backend/JobBackend';
import type { PredictionLauncher } from '../../backend/local/LocalJobBackend';
import type { CliWrapperOptions } from './RelgraphCliWrapper';

/** How long a launch may take to create its job (validation with data checks runs first). */
const LAUNCH_TIMEOUT_MS = 180_000;

/**
 * The editor's way of launching a local prediction through JobBackend: `relgraph predict <spec>` as a
 * child process (the engine and DuckDB never load in the extension host). Resolves with the job once the
 * CLI has created it (its first line, `<id>: log ...`) and lets the job run on; a spec the CLI refuses
 * resolves as not accepted, with the CLI's diagnostics as the validation.
 */
export class CliPredictionLauncher implements PredictionLauncher {
  constructor(private readonly options: CliWrapperOptions) {}

  launch(request: LaunchPredictionRequest, signal?: AbortSignal): Promise<LaunchOutcome> {
    return new Promise<LaunchOutcome>((resolve, reject) => {
      const child = spawn(this.options.nodePath(), [this.options.cliPath, 'predict', request.specPath, '--head', '0'], {
        cwd: path.dirname(request.specPath),
        env: { ...process.env, ...this.options.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      let stderr = '';
      let settled = false;
      const timer = setTimeout(
        () => finish(() => reject(new Error('relgraph predict created no job in time'))),
        this.options.timeoutMs ?? LAUNCH_TIMEOUT_MS,
      );
      const onAbort = () => finish(() => reject(signal?.reason ?? new Error('aborted')));
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        const id = /^(bp-job-[A-Za-z0-9-]+): log /m.exec(stderr)?.[1];
        if (!id) return;
        // The job runs on in its own process group, independent of the editor.
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        child.unref();
        finish(() => resolve({ accepted: true, ref: { backend: 'local', id } }));
      });
      child.once('error', (error) => finish(() => reject(error)));
      child.once('exit', (code) =>
        finish(() =>
          resolve({ accepted: false, validation: { errors: refusals(stderr, code), warnings: [], info: [] } }),
        ),
      );
    });
  }
}

/** The CLI's diagnostics (`file:line:col error code message`) or its last message, as validation items. */
function refusals(stderr: string, code: number | null): ValidationItem[] {
  const items = [...stderr.matchAll(/^\S+:\d+:\d+ error (\S+) (.*)$/gm)].map((m) => ({ title: m[1], message: m[2] }));
  if (items.length > 0) return items;
  const last = stderr.trim().split('\n').at(-1) ?? '';
  return [
    { title: 'refused', message: last.replace(/^relgraph predict: /, '') || `relgraph predict exited with ${code}` },
  ];
}
