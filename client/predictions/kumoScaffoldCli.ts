import type { ScaffoldCandidateInfo, ScaffoldSourceChoice, ScaffoldTablePlan } from '../../protocol/scaffold';

/**
 * The editor's Kumo scaffold talks to the CLI, which has Kumo's SDK and the pulled training graphs: these build
 * its arguments and read its machine-readable answers (`kumo status --json`, `scaffold inference-graph --json`)
 * into what the review quick pick shows. No `vscode` here; the answers are checked field by field, since a
 * CLI of another version may answer differently.
 */

export interface KumoScaffoldRequest {
  /** The Kumo training job id, without `kumo:`. */
  jobId: string;
  connector: string;
  /** Only the connector's tables named like this (`*_2024`); undefined: all. */
  tables?: string;
  choices: readonly ScaffoldSourceChoice[];
}

/** `relgraph scaffold inference-graph --from kumo:<id> --connector <name> [--tables <p>] [--match t=s]... --json` */
export function kumoScaffoldArgs(request: KumoScaffoldRequest): string[] {
  return [
    'scaffold',
    'inference-graph',
    '--from',
    `kumo:${request.jobId}`,
    '--connector',
    request.connector,
    ...(request.tables ? ['--tables', request.tables] : []),
    ...request.choices.flatMap((c) => ['--match', `${c.table}=${c.source ?? ''}`]),
    '--json',
  ];
}

/** What `relgraph kumo status --json` says of one training job's graph in the workspace. */
export interface PulledGraphStatus {
  pulled: boolean;
  /** `current`, `stale: pull again`, ... */
  state?: string;
  /** The connectors the training graph's tables were read through. */
  connectors: string[];
}

export function pulledGraphStatus(stdout: string, jobId: string): PulledGraphStatus | { problem: string } {
  const answer = parseJson(stdout);
  if (!isObject(answer) || !Array.isArray(answer.trainingGraphs)) return { problem: 'no trainingGraphs in its answer' };
  const graph = answer.trainingGraphs.find((g) => isObject(g) && g.job === `kumo:${jobId}`);
  if (!isObject(graph)) return { pulled: false, connectors: [] };
  return {
    pulled: true,
    ...(typeof graph.state === 'string' ? { state: graph.state } : {}),
    connectors: strings(graph.connectors),
  };
}

/** The decisions of one `scaffold inference-graph --json` run: the review's rows and the graph's text. */
export interface KumoScaffoldAnswer {
  tables: ScaffoldTablePlan[];
  text: string;
}

/**
 * The CLI's decisions as the review shows them: each table's source by its candidate key (the connector
 * table's name), the report's words, and every candidate's fit, best first.
 */
export function kumoScaffoldAnswer(stdout: string): KumoScaffoldAnswer | { problem: string } {
  const answer = parseJson(stdout);
  if (!isObject(answer) || !Array.isArray(answer.tables) || typeof answer.text !== 'string')
    return { problem: 'its answer is not the decisions of relgraph scaffold --json' };
  const tables: ScaffoldTablePlan[] = [];
  for (const entry of answer.tables) {
    const table = tablePlan(entry);
    if (!table) return { problem: 'its answer has a table without status or description' };
    tables.push(table);
  }
  return { tables, text: answer.text };
}

function tablePlan(entry: unknown): ScaffoldTablePlan | undefined {
  if (!isObject(entry) || typeof entry.table !== 'string' || !isObject(entry.description)) return undefined;
  const status = entry.status;
  if (status !== 'matched' && status !== 'ambiguous' && status !== 'unmatched') return undefined;
  const reason = entry.description.reason;
  if (typeof reason !== 'string') return undefined;
  const source = status === 'matched' ? candidateKey(entry.source, entry.path) : undefined;
  return {
    table: entry.table,
    status,
    ...(source !== undefined ? { source } : {}),
    reason,
    problems: strings(entry.description.problems),
    neededColumns: Array.isArray(entry.needed) ? entry.needed.length : 0,
    candidates: (Array.isArray(entry.fits) ? entry.fits : []).flatMap((fit) => {
      const candidate = candidateInfo(fit);
      return candidate ? [candidate] : [];
    }),
  };
}

function candidateInfo(fit: unknown): ScaffoldCandidateInfo | undefined {
  if (!isObject(fit) || typeof fit.candidate !== 'string' || typeof fit.matched !== 'number') return undefined;
  return {
    path: fit.candidate,
    label: sourceLabel(fit.source) ?? fit.candidate,
    matched: fit.matched,
    missing: (Array.isArray(fit.missing) ? fit.missing : []).flatMap((c) => {
      if (!isObject(c) || typeof c.name !== 'string') return [];
      return [typeof c.dtype === 'string' ? `${c.name} (${c.dtype})` : c.name];
    }),
    retyped: (Array.isArray(fit.retyped) ? fit.retyped : []).flatMap((r) => {
      if (!isObject(r) || typeof r.column !== 'string' || !isObject(r.trained) || !isObject(r.found)) return [];
      return [`${r.column}: ${String(r.trained.dtype)} in training, ${String(r.found.dtype)} here`];
    }),
    ...(typeof fit.unreadable === 'string' ? { problem: fit.unreadable } : {}),
  };
}

/** A connector table is named by its table; a file by its path (absolute, as the CLI's `candidate` keys are). */
function candidateKey(source: unknown, filePath: unknown): string | undefined {
  if (typeof filePath === 'string') return filePath;
  return isObject(source) && typeof source.table === 'string' ? source.table : undefined;
}

function sourceLabel(source: unknown): string | undefined {
  if (typeof source === 'string') return source;
  return isObject(source) && typeof source.table === 'string' ? source.table : undefined;
}

/**
 * Why a CLI run failed, from what it printed: its message (from its last `relgraph <command>: ` line on, without
 * that prefix; the SDK's own output before it is left out), else its last lines.
 */
export function cliFailureText(stderr: string, stdout: string): string {
  const lines = (stderr.trim() || stdout.trim()).split('\n').filter((line) => line.trim());
  const message = lines.findLastIndex((line) => /^relgraph [a-z-]+: /.test(line));
  const text = (message >= 0 ? lines.slice(message) : lines.slice(-4))
    .join(' ')
    .replace(/^relgraph [a-z-]+: /, '')
    .trim();
  return text || 'it printed nothing';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
