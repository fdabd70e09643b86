import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { isDiagnosticCode } from '../../../core/diagnostics/DiagnosticCodes';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { mutate, randomSpec, SeededRandom, type Mutant } from './specMutations';
import type { ValidateRequest, ValidateResponse } from './validateInWorker';

/**
 * Fuzzing of the spec side (issue 8): random and mutated specs (from the examples and the diagnostic fixtures:
 * byte flips, YAML structure edits, huge and odd numbers, unicode and line endings, deep nesting) thrown at
 * `relgraph validate` in process (the CLI entry, in a worker so a hang can be stopped), through a real child
 * process, and at `relgraph lsp --stdio` over JSON-RPC. Nothing may crash or hang; every diagnostic names its
 * file (it is listed under it) and has a range inside that file; every CLI error line names the file.
 *
 * Seeded and bounded in time: RELGRAPH_FUZZ_SECONDS (default 3, per target) and RELGRAPH_FUZZ_SEED (default
 * fixed) replay or extend a run, e.g. `RELGRAPH_FUZZ_SECONDS=300 RELGRAPH_FUZZ_SEED=7 npm run test:unit -- fuzz`.
 * A failing input is saved under the OS temp dir; the failure message says where.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const BUDGET_MS = Number(process.env.RELGRAPH_FUZZ_SECONDS ?? '3') * 1000;
const SEED = Number(process.env.RELGRAPH_FUZZ_SEED ?? '20261206');
/** A hang guard, not a speed assertion: generous for a loaded two-core machine. */
const HANG_GUARD_MS = 60_000;
const MIN_INPUTS = 12;

let root: string;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-fuzz-'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A private copy of the corpus (every diagnostic fixture, the F1 example with its data linked), one per target. */
function workspace(name: string): { dir: string; specs: string[] } {
  const dir = path.join(root, name);
  const fixtures = path.join(REPO, 'test', 'fixtures');
  for (const code of fs.readdirSync(fixtures)) {
    for (const variant of ['failing', 'passing']) {
      const from = path.join(fixtures, code, variant);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, 'fixtures', `${code}-${variant}`), { recursive: true });
    }
  }
  const f1 = path.join(REPO, 'examples', 'f1');
  for (const entry of fs.readdirSync(f1).filter((n) => /\.ya?ml$/.test(n))) {
    fs.mkdirSync(path.join(dir, 'f1'), { recursive: true });
    fs.copyFileSync(path.join(f1, entry), path.join(dir, 'f1', entry));
  }
  fs.symlinkSync(path.join(f1, 'data'), path.join(dir, 'f1', 'data'), 'dir');
  const specs: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory() && entry.name !== 'data') walk(full);
      else if (/\.(graph|training|prediction)\.ya?ml$/.test(entry.name)) specs.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return { dir, specs: specs.sort() };
}

/** Lines as LSP counts them (\r\n, \n and \r end a line). */
function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

interface RangeLike {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

function rangeProblem(range: RangeLike, text: string): string | undefined {
  const lines = lspLines(text);
  for (const [name, position] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    const { line, character } = position;
    if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) {
      return `${name} ${JSON.stringify(position)} is not a position`;
    }
    if (line >= lines.length) return `${name} line ${line} is past the last line (${lines.length - 1})`;
    if (character > lines[line].length) {
      return `${name} character ${character} is past the end of line ${line} (${lines[line].length} characters)`;
    }
  }
  const { start, end } = range;
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) {
    return `ends before it starts: ${JSON.stringify(range)}`;
  }
  return undefined;
}

/** One fuzz input: a corpus file (or a new one) and its new text. */
interface FuzzInput extends Mutant {
  index: number;
  file: string;
  original?: string;
}

function nextInput(random: SeededRandom, dir: string, specs: string[], index: number): FuzzInput {
  if (random.chance(0.1)) {
    const mutant = randomSpec(random);
    const kind = /^kind: (\w+)/.exec(mutant.text)?.[1] ?? 'graph';
    const folder = path.dirname(random.pick(specs));
    return { ...mutant, index, file: path.join(folder, `fuzz-${index}.${kind}.yaml`) };
  }
  const file = random.pick(specs);
  const original = fs.readFileSync(path.join(dir, file), 'utf8');
  return { ...mutate(original, random), index, file, original };
}

function withInput<T>(dir: string, input: FuzzInput, work: () => Promise<T>): Promise<T> {
  const absolute = path.join(dir, input.file);
  fs.writeFileSync(absolute, input.text);
  return work().finally(() => {
    if (input.original !== undefined) fs.writeFileSync(absolute, input.original);
    else fs.rmSync(absolute, { force: true });
  });
}

/** Fails with the input that broke a check, saved so that it can be replayed by hand. */
function assertNoProblems(problems: string[], target: string, input: FuzzInput): void {
  if (problems.length > 0) assert.fail(failure(target, input, problems.join('; ')));
}

/** Saves the input that failed and says where. */
function failure(target: string, input: FuzzInput, problem: string): string {
  const saved = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-fuzz-failure-'));
  fs.writeFileSync(path.join(saved, path.basename(input.file)), input.text);
  return `${target}, seed ${SEED}, input ${input.index} (${input.how}) on ${input.file}: ${problem}\n  input saved to ${saved}`;
}

interface JsonReport {
  files: {
    path: string;
    absolutePath: string;
    failure?: string;
    diagnostics: {
      code: string;
      message: string;
      range: RangeLike;
      related?: { absolutePath: string; range: RangeLike; message: string }[];
    }[];
  }[];
}

/** The properties every `relgraph validate --format json` answer must have, for the files it was given. */
function jsonReportProblems(run: { code?: number; stdout: string; stderr: string }, files: string[]) {
  const problems: string[] = [];
  if (run.code !== 0 && run.code !== 1) problems.push(`exit code ${run.code}`);
  for (const line of run.stderr.split('\n').filter((l) => l.trim() !== '')) {
    if (!files.some((file) => line.includes(file))) problems.push(`stderr line names no file: ${line.slice(0, 200)}`);
  }
  if (/^\s+at .+:\d+:\d+\)?$/m.test(run.stdout + run.stderr)) problems.push('a stack trace in the output');
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    return [...problems, `stdout is not JSON: ${run.stdout.slice(0, 200)}`];
  }
  const host = new NodeSpecHost();
  const textOf = (absolute: string) => host.readText(absolute) ?? '';
  assert.deepEqual(report.files.map((f) => f.path).sort(), [...files].sort());
  for (const file of report.files) {
    if (file.failure !== undefined) problems.push(`${file.path} could not be validated: ${file.failure}`);
    const text = textOf(file.absolutePath);
    for (const d of file.diagnostics) {
      if (!isDiagnosticCode(d.code)) problems.push(`unknown code ${d.code}`);
      if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`${d.code} without a message`);
      if (/Please report this/.test(d.message)) problems.push(`an internal error: ${d.message.slice(0, 300)}`);
      const bad = rangeProblem(d.range, text);
      if (bad) problems.push(`${d.code} in ${file.path}: range ${bad}`);
      for (const related of d.related ?? []) {
        if (!path.isAbsolute(related.absolutePath)) problems.push(`${d.code}: related location names no file`);
        const badRelated = rangeProblem(related.range, textOf(related.absolutePath));
        if (badRelated) problems.push(`${d.code}: related range in ${related.absolutePath} ${badRelated}`);
      }
    }
  }
  return problems;
}

/** Text output: every line but the summary is `path:line:col severity code message` for a file it was given. */
function textReportProblems(stdout: string, files: string[]): string[] {
  const lines = stdout.split('\n').filter((l) => l !== '');
  const summary = lines.pop() ?? '';
  const problems = /\d+ errors?, \d+ warnings?.* in \d+ files?$/.test(summary) ? [] : [`no summary line: ${summary}`];
  for (const line of lines) {
    if (!files.some((file) => line.startsWith(`${file}:`))) problems.push(`line names no file: ${line.slice(0, 200)}`);
  }
  return problems;
}

class ValidateWorker {
  private worker: Worker;
  private nextId = 0;

  constructor() {
    this.worker = ValidateWorker.start();
  }

  private static start(): Worker {
    const entry = path.join(__dirname, 'validateInWorker.ts');
    return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, {
      eval: true,
      // A runaway input must not take the machine's memory with it: the worker dies instead (a failure, reported).
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
  }

  /** The CLI's answer, or `hung` when it took longer than the hang guard (the worker is then replaced). */
  run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ValidateResponse | 'hung'> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void this.worker.terminate();
        this.worker = ValidateWorker.start();
        resolve('hung');
      }, HANG_GUARD_MS);
      const onMessage = (response: ValidateResponse) => {
        if (response.id !== id) return;
        cleanup();
        resolve(response);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage({ id, args, cwd, env } satisfies ValidateRequest);
    });
  }

  dispose(): Promise<number> {
    return this.worker.terminate();
  }
}

describe('spec fuzzing', { concurrency: true }, () => {
  it('relgraph validate, in process through the CLI entry', async () => {
    const { dir, specs } = workspace('in-process');
    const random = new SeededRandom(SEED);
    const worker = new ValidateWorker();
    const env = { XDG_CACHE_HOME: path.join(dir, '.cache') };
    const deadline = Date.now() + BUDGET_MS;
    let count = 0;
    try {
      for (let index = 0; count < MIN_INPUTS || Date.now() < deadline; index++) {
        const input = nextInput(random, dir, specs, index);
        const format = index % 5 === 4 ? 'text' : 'json';
        // Every sixth input also runs the data checks (DuckDB) on whatever the mutant's sources are.
        const args = ['validate', '--format', format, ...(index % 6 === 5 ? [] : ['--no-data']), input.file];
        // Checked while the mutant is on disk: ranges are judged against the text that was validated.
        const problems = await withInput(dir, input, async () => {
          const started = Date.now();
          const run = await worker.run(args, dir, env);
          if (process.env.RELGRAPH_FUZZ_TRACE)
            process.stdout.write(`# ${index} ${Date.now() - started} ms ${args.join(' ')}\n`);
          if (run === 'hung') return [`no answer within ${HANG_GUARD_MS} ms`];
          if (run.crash !== undefined) return [`crashed: ${run.crash}`];
          return format === 'json'
            ? jsonReportProblems(run, [input.file])
            : [
                ...(run.code === 0 || run.code === 1 ? [] : [`exit code ${run.code}`]),
                ...textReportProblems(run.stdout, [input.file]),
              ];
        });
        assertNoProblems(problems, 'validate (in process)', input);
        count++;
      }
    } finally {
      await worker.dispose();
    }
    process.stdout.write(`# fuzz: relgraph validate in process: ${count} inputs, seed ${SEED}\n`);
  });

  it('relgraph validate, through a real child process', async () => {
    const { dir, specs } = workspace('child-process');
    const random = new SeededRandom(SEED + 1);
    // One process, several mutants in different folders (one input per file), with the data checks on.
    const inputs: FuzzInput[] = [];
    for (let index = 0; inputs.length < 4; index++) {
      const input = nextInput(random, dir, specs, index);
      if (inputs.some((other) => other.file === input.file)) continue;
      fs.writeFileSync(path.join(dir, input.file), input.text);
      inputs.push(input);
    }
    const files = inputs.map((i) => i.file);
    const run = await runChild([path.join(REPO, 'bin', 'relgraph.js'), 'validate', '--format', 'json', ...files], dir);
    const label = inputs.map((i) => `${i.file} (${i.how})`).join(', ');
    assert.equal(run.timedOut, false, `relgraph validate did not finish within ${HANG_GUARD_MS} ms: ${label}`);
    const problems = jsonReportProblems(run, files);
    assert.deepEqual(problems, [], `seed ${SEED + 1}, ${label}: ${problems.join('; ')}`);
    process.stdout.write(`# fuzz: relgraph validate child process: ${inputs.length} inputs, seed ${SEED + 1}\n`);
  });

  it('relgraph lsp --stdio, over JSON-RPC', async () => {
    const { dir, specs } = workspace('lsp');
    const random = new SeededRandom(SEED + 2);
    const server = await LspSession.start(dir);
    const versions = new Map<string, number>();
    const deadline = Date.now() + BUDGET_MS;
    let count = 0;
    try {
      for (let index = 0; count < MIN_INPUTS || Date.now() < deadline; index++) {
        const input = nextInput(random, dir, specs, index);
        // New files stay unsaved editor buffers: the server must cope with documents that exist only in memory.
        const uri = pathToFileURL(path.join(dir, input.file)).href;
        const version = (versions.get(uri) ?? 0) + 1;
        versions.set(uri, version);
        const published = server.diagnosticsFor(uri, version);
        if (version === 1) {
          await server.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'yaml', version, text: input.text },
          });
        } else {
          await server.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version },
            contentChanges: [{ text: input.text }],
          });
        }
        const params = await published;
        if (!params) {
          assertNoProblems([`no diagnostics within ${HANG_GUARD_MS} ms; stderr: ${server.stderr()}`], 'lsp', input);
        }
        const problems: string[] = [];
        for (const d of params?.diagnostics ?? []) {
          if (!isDiagnosticCode(String(d.code))) problems.push(`unknown code ${String(d.code)}`);
          const bad = rangeProblem(d.range, input.text);
          if (bad) problems.push(`${String(d.code)}: range ${bad}`);
          for (const related of d.relatedInformation ?? []) {
            if (!related.location.uri.startsWith('file://')) problems.push(`${String(d.code)}: related names no file`);
          }
        }
        // The features a user triggers next must answer too (null is an answer), never fail.
        const lines = lspLines(input.text);
        const line = random.int(lines.length);
        const position = { line, character: random.int(lines[line].length + 1) };
        for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol']) {
          const started = Date.now();
          const answer = await server.request(method, { textDocument: { uri }, position });
          if (process.env.RELGRAPH_FUZZ_TRACE && Date.now() - started > 1000) {
            process.stdout.write(`# lsp ${index} ${method} ${Date.now() - started} ms (${input.how}) ${input.file}\n`);
          }
          if (answer === 'hung') problems.push(`${method} did not answer within ${HANG_GUARD_MS} ms`);
          else if (answer instanceof Error) problems.push(`${method} failed: ${answer.message}`);
        }
        assertNoProblems(problems, 'lsp', input);
        count++;
      }
      assert.equal(await server.shutdown(), 0, `the server did not exit cleanly; stderr: ${server.stderr()}`);
    } finally {
      server.kill();
    }
    process.stdout.write(`# fuzz: relgraph lsp: ${count} documents, seed ${SEED + 2}\n`);
  });
});

function runChild(
  args: string[],
  cwd: string,
): Promise<{ code?: number; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: {
        ...process.env,
        RELGRAPH_FROM_SOURCE: '1',
        NO_COLOR: '1',
        RELGRAPH_DEBUG: '',
        XDG_CACHE_HOME: path.join(cwd, '.cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, HANG_GUARD_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? undefined, stdout, stderr, timedOut });
    });
  });
}

/** `relgraph lsp --stdio` in a child process, as an editor starts it. */
class LspSession {
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly errors: string[] = [];

  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    readonly connection: MessageConnection,
  ) {
    child.stderr!.on('data', (chunk) => this.errors.push(String(chunk)));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => ({ dataChecks: { enabled: true, delayMs: 50 } })),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification(() => undefined);
    connection.listen();
  }

  static async start(dir: string): Promise<LspSession> {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'relgraph.js'), 'lsp', '--stdio'], {
      cwd: dir,
      env: { ...process.env, RELGRAPH_FROM_SOURCE: '1', XDG_CACHE_HOME: path.join(dir, '.cache') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const session = new LspSession(child, connection);
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'fuzz' }],
      capabilities: { workspace: { configuration: true } },
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  /** The first publication for `uri` at `version` or later; undefined after the hang guard. */
  async diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams | undefined> {
    const deadline = Date.now() + HANG_GUARD_MS;
    for (;;) {
      const found = this.published.find((p) => p.uri === uri && (p.version ?? 0) >= version);
      if (found) return found;
      if (Date.now() > deadline || this.child.exitCode !== null) return undefined;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
  }

  async request(method: string, params: unknown): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_GUARD_MS)));
    try {
      return await Promise.race([this.connection.sendRequest(method, params).catch((e: Error) => e), hang]);
    } finally {
      clearTimeout(timer);
    }
  }

  stderr(): string {
    return this.errors.join('').slice(-2000);
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendNotification('exit');
    return exited;
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}
