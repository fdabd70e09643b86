import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../cli/main';
import { DuckDbSession } from '../../data/DuckDbSession';
import { KumoContractServer } from './KumoContractServer';

/** A key no output, log, error or file may ever contain. */
export const SECRET_KEY = 'acme:sk-live-7f3a9c-DO-NOT-LEAK-d41d8c';

export const STANDIN_PYTHONPATH = path.resolve(__dirname, 'python');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * One test world: the Kumo contract stand-in server, a workspace folder, the kumoai stand-in's state and
 * call log, and the real CLI (its in-process entry) run with an environment pointing at all of them.
 */
export class KumoTestWorld {
  readonly outputs: string[] = [];

  private constructor(
    readonly server: KumoContractServer,
    readonly dir: string,
  ) {}

  static async create(): Promise<KumoTestWorld> {
    const server = await KumoContractServer.start(SECRET_KEY);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-kumo-'));
    fs.mkdirSync(path.join(dir, '.relgraph'));
    return new KumoTestWorld(server, dir);
  }

  get env(): NodeJS.ProcessEnv {
    return {
      KUMO_API_URL: this.server.url,
      KUMO_API_KEY: SECRET_KEY,
      PATH: process.env.PATH,
      PYTHONPATH: STANDIN_PYTHONPATH,
      PYTHONDONTWRITEBYTECODE: '1',
      KUMOAI_STANDIN_STATE: path.join(this.dir, 'standin-state.json'),
      KUMOAI_STANDIN_LOG: path.join(this.dir, 'standin-calls.jsonl'),
      // Tests need no 2 s backoffs.
      RELGRAPH_KUMO_RETRY_BACKOFF_MS: '10',
    };
  }

  async cli(
    args: string[],
    options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; cwd?: string } = {},
  ): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: options.cwd ?? this.dir,
      env: { ...this.env, ...options.env },
      signal: options.signal ?? new AbortController().signal,
    });
    this.outputs.push(stdout, stderr);
    return { code, stdout, stderr };
  }

  write(name: string, text: string): string {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  standinState(state: unknown): void {
    fs.writeFileSync(path.join(this.dir, 'standin-state.json'), JSON.stringify(state, null, 2));
  }

  /** The kumoai stand-in's recorded calls, in order. */
  standinCalls(): { call: string; args: Record<string, unknown> }[] {
    const file = path.join(this.dir, 'standin-calls.jsonl');
    if (!fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }

  /** Every file under the workspace whose bytes contain the key (must stay empty). */
  filesWithKey(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && fs.readFileSync(full).includes(SECRET_KEY)) found.push(full);
      }
    };
    walk(this.dir);
    return found;
  }

  /** Whatever the tests did: the key in no output and no file, nothing undocumented sent; then removes the world. */
  async removeCheckingNothingLeaked(): Promise<void> {
    assert.equal(this.outputs.filter((o) => o.includes(SECRET_KEY)).length, 0, 'the key was printed');
    assert.deepEqual(this.filesWithKey(), []);
    assert.deepEqual(this.server.violations, []);
    await this.remove();
  }

  async remove(): Promise<void> {
    await this.server.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Batch-prediction output partitions as Kumo writes them (Parquet; ENTITY, TIMESTAMP, TARGET_PRED,
 * False_PROB, True_PROB for a temporal binary task, §1.9): `rows` entities split over `parts` files.
 */
export async function predictionPartitions(rows: number, parts: number): Promise<Buffer[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-parts-'));
  const session = await DuckDbSession.open({ threads: 1 });
  try {
    const buffers: Buffer[] = [];
    for (let p = 0; p < parts; p++) {
      const file = path.join(dir, `part_${p}.parquet`);
      await session.run(
        `COPY (SELECT i AS ENTITY, TIMESTAMP '2010-01-01' AS "TIMESTAMP", (i % 3 = 0) AS TARGET_PRED,
                 1 - (i % 10) / 10.0 AS False_PROB, (i % 10) / 10.0 AS True_PROB
               FROM range(${p}, ${rows}, ${parts}) t(i) ORDER BY i) TO '${file}' (FORMAT parquet)`,
      );
      buffers.push(fs.readFileSync(file));
    }
    return buffers;
  } finally {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A port nothing listens on: one the OS just gave out and took back. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The rows of a Parquet or CSV file, read with DuckDB. */
export async function countRows(file: string): Promise<number> {
  const session = await DuckDbSession.open({ threads: 1 });
  try {
    const [{ n }] = await session.rows(`SELECT count(*) AS n FROM '${file}'`);
    return Number(n);
  } finally {
    session.close();
  }
}
