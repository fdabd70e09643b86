import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

/** A real `relgraph predict` process (from the TypeScript sources), watched through the stage lines it prints. */
export interface PredictProcess {
  child: ChildProcess;
  /** Resolves with the exit code, or the signal's name when it was killed. */
  exited: Promise<number | string>;
  stderr(): string;
  /** The job id, once the process printed it. */
  jobId(): string | undefined;
  /** Resolves once the process printed the line of `stage` (`  Predicting: ...`); rejects if it exits first. */
  stage(stage: string): Promise<void>;
}

export function spawnPredict(
  cwd: string,
  spec: string,
  options: { env?: Record<string, string>; args?: string[] } = {},
): PredictProcess {
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'bin/relgraph.js'), 'predict', spec, '--no-data', '--head', '0', ...(options.args ?? [])],
    { cwd, env: { ...process.env, RELGRAPH_FROM_SOURCE: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout!.resume();
  child.stderr!.on('data', (d) => {
    stderr += d;
    for (const listener of [...listeners]) listener();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    exited,
    stderr: () => stderr,
    jobId: () => /^(bp-job-\S+):/m.exec(stderr)?.[1],
    stage(stage) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (new RegExp(`^  ${stage}(:|$)`, 'm').test(stderr)) {
            listeners.splice(listeners.indexOf(check), 1);
            resolve();
          }
        };
        listeners.push(check);
        check();
        void exited.then((code) => reject(new Error(`predict exited (${code}) before '${stage}':\n${stderr}`)));
      });
    },
  };
}

/** `relgraph <args>` from the sources in a child process: exit code and output. */
export function relgraph(
  cwd: string,
  args: string[],
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/relgraph.js'), ...args], {
      cwd,
      env: { ...process.env, RELGRAPH_FROM_SOURCE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', stdout, stderr }));
  });
}

/** Every file under `dir` (relative paths, sorted), hidden ones included. */
export function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

/** Relgraph's temporary names and locks (`.x.tmp-...`, `.x.old-...`, `.x.relgraph-lock`) among `names`. */
export function leftovers(names: readonly string[]): string[] {
  return names.filter((n) => /\.(tmp|old)-\d+-[0-9a-f]{8}$|\.relgraph-lock$/.test(path.basename(n)));
}
