import { spawn } from 'node:child_process';
import { JobBackendError } from '../JobBackend';

/**
 * The user's Python, which runs Kumo's SDK (`kumoai`) for what Kumo's REST API cannot do (reading a
 * training job's graph, predicting on another graph). Chosen as `--python`, else `KUMO_PYTHON`, else
 * `python3` from PATH; every message names the one tried and how it was chosen.
 */
export interface PythonChoice {
  command: string;
  /** How it was chosen, for messages: "--python", "KUMO_PYTHON", "python3 on PATH". */
  origin: string;
}

export function choosePython(explicit: string | undefined, env: NodeJS.ProcessEnv): PythonChoice {
  if (explicit) return { command: explicit, origin: '--python' };
  if (env.KUMO_PYTHON) return { command: env.KUMO_PYTHON, origin: 'KUMO_PYTHON' };
  return { command: 'python3', origin: 'python3 on PATH' };
}

export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunPythonOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Script text fed on stdin (`python -` runs it), so nothing is written to disk. */
  input?: string;
  /** Every chunk of output as it arrives (the CLI streams it). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

/** Runs the chosen Python; rejects only when it cannot be started (then the message says what to do). */
export function runPython(python: PythonChoice, args: string[], options: RunPythonOptions): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(python.command, args, {
      env: { ...options.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const onAbort = () => child.kill('SIGINT'); // the child is ours: Python raises KeyboardInterrupt and exits
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk, 'stdout');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onOutput?.(chunk, 'stderr');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        new JobBackendError(
          'unsupported',
          error.code === 'ENOENT'
            ? `No Python at '${python.command}' (${python.origin}). Install Python 3 with Kumo's SDK (pip install kumoai), or choose a Python with --python or KUMO_PYTHON.`
            : `Cannot start Python '${python.command}' (${python.origin}): ${error.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // a Python that exits early closes its stdin: the exit code tells
    child.stdin.end(options.input ?? '');
  });
}

/** Exit code of Relgraph's own Python snippets when `import kumoai` fails. */
export const NO_KUMOAI_EXIT = 3;

const CHECK_SCRIPT = `
import json, sys
try:
    import kumoai
except Exception as error:
    print(json.dumps({"python": sys.executable, "error": type(error).__name__ + ": " + str(error)}))
    sys.exit(${NO_KUMOAI_EXIT})
print(json.dumps({"python": sys.executable, "kumoai": getattr(kumoai, "__version__", "unknown")}))
`;

/**
 * Checks that the chosen Python imports `kumoai`, and says exactly what to install where when it does
 * not. Resolves with the interpreter's own path and the SDK's version.
 */
export async function requireKumoai(
  python: PythonChoice,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ executable: string; version: string }> {
  const run = await runPython(python, ['-'], { env, input: CHECK_SCRIPT, signal });
  const answer = lastJsonLine(run.stdout);
  const executable = typeof answer?.python === 'string' ? answer.python : python.command;
  if (run.code === 0 && typeof answer?.kumoai === 'string') return { executable, version: answer.kumoai };
  const why = typeof answer?.error === 'string' ? answer.error : lastLines(run.stderr) || `exit code ${run.code}`;
  throw new JobBackendError(
    'unsupported',
    `Kumo's Python SDK is not importable by ${executable} (${python.origin}): ${why}. ` +
      `Install it into that Python with '${executable} -m pip install kumoai', or choose another Python with --python or KUMO_PYTHON.`,
  );
}

/** The last line of output that is a JSON object (Relgraph's snippets print their answer last). */
export function lastJsonLine(text: string): Record<string, unknown> | undefined {
  const lines = text.split('\n').filter((l) => l.trim().startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const value = JSON.parse(lines[i]) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // not an answer line
    }
  }
  return undefined;
}

/** The end of a Python error output: the exception line of a traceback. */
export function lastLines(text: string, count = 1): string {
  return text.trim().split('\n').slice(-count).join('\n').trim();
}
