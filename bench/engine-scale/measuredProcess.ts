import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProcessFigures {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

/**
 * Runs one command as its own process, from start to exit, with a cold data cache (a fresh
 * XDG_CACHE_HOME), and measures its wall time and peak RSS. A non-zero exit fails the bench.
 */
export async function measureProcess(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ProcessFigures> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-bench-'));
  const rssFile = path.join(scratch, 'rss');
  const preload = path.join(__dirname, 'peakRss.cjs');
  const env = {
    ...process.env,
    ...options.env,
    XDG_CACHE_HOME: path.join(scratch, 'cache'),
    RELGRAPH_BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(),
  };
  const started = performance.now();
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (exitCode) => resolve({ code: exitCode, stdout, stderr }));
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) {
      throw new Error(`${args.join(' ')} exited with ${code}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
    }
    const peakRssMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    return { seconds, peakRssMb, stdout };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
