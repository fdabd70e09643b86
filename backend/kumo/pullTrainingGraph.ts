import { isTaskType, parseKumoTrainingGraph, type KumoTrainingGraph } from '../../core/kumo/KumoTrainingGraph';
import { inferTaskType } from '../../core/pql/inferTaskType';
import { parsePql } from '../../core/pql/parsePql';
import { graphViewOfJob } from '../../core/validation/queryRules';
import { JobBackendError } from '../JobBackend';
import { lastLines, NO_KUMOAI_EXIT, requireKumoai, runPython, type PythonChoice } from './kumoPython';
import type { KumoJobBackend } from './KumoJobBackend';

/** The marker before the pull script's answer, so prints of the SDK itself are never mistaken for it. */
const ANSWER = 'RELGRAPH_KUMO_TRAINING_GRAPH ';

/**
 * Reads a training job's predictive query and graph with Kumo's SDK (seed 000:
 * `PredictiveQuery.load_from_training_job(id)`, `pquery.graph`; kumo-semantics.md §1.3-1.5), because Kumo's
 * REST shapes for graphs are not documented. Runs in the user's Python; the URL and key reach it through
 * the environment only. Prints one line: the marker and a JSON object.
 */
export const PULL_SCRIPT = `
import json
import os
import sys


def name_of(value):
    """A key or time column as the SDK gives it: a name, a Column (with .name), or None."""
    if value is None or isinstance(value, str):
        return value
    return getattr(value, "name", None)


def text_of(value):
    """An enum of kumoapi (Dtype, Stype, TaskType) or a string, as its string value."""
    if value is None:
        return None
    return str(getattr(value, "value", value))


try:
    import kumoai
except Exception as error:
    print(json.dumps({"python": sys.executable, "error": type(error).__name__ + ": " + str(error)}))
    sys.exit(${NO_KUMOAI_EXIT})

kumoai.init(url=os.environ["KUMO_API_URL"], api_key=os.environ["KUMO_API_KEY"])
pquery = kumoai.PredictiveQuery.load_from_training_job(sys.argv[1])
graph = pquery.graph
tables = []
for name, table in graph.tables.items():
    source = getattr(table, "source_table", None)
    connector = getattr(source, "connector", None)
    tables.append({
        "name": name,
        "primaryKey": name_of(table.primary_key),
        "timeColumn": name_of(table.time_column),
        "endTimeColumn": name_of(table.end_time_column),
        "columns": [
            {"name": column.name, "dtype": text_of(column.dtype), "stype": text_of(column.stype)}
            for column in table.columns
        ],
        "source": {
            "table": getattr(source, "name", None),
            "connector": getattr(connector, "name", None),
            "connectorType": type(connector).__name__ if connector is not None else None,
        },
    })
edges = [{"srcTable": e.src_table, "fkey": e.fkey, "dstTable": e.dst_table} for e in graph.edges]
try:
    task_type = text_of(pquery.get_task_type())
except Exception:  # older SDKs, or no access to the server's inference: Relgraph infers it from the query
    task_type = None
print("${ANSWER.trim()} " + json.dumps({"query": pquery.query, "taskType": task_type, "tables": tables, "edges": edges}))
`;

export interface PullOptions {
  backend: KumoJobBackend;
  python: PythonChoice;
  /** The environment of the Python child: KUMO_API_URL and KUMO_API_KEY must be in it. */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** The SDK's own output, as it arrives (shown when the pull fails or with --verbose). */
  onOutput?: (text: string) => void;
}

export interface PulledGraph {
  graph: KumoTrainingGraph;
  /** Things the user should know (columns without types, a job that is still running). */
  warnings: string[];
}

/** Pulls one training job's graph: checks the job over REST, then reads the graph with the SDK. */
export async function pullTrainingGraph(jobId: string, options: PullOptions): Promise<PulledGraph> {
  const job = await options.backend.get(jobId, options.signal);
  if (job.kind !== 'training')
    throw new JobBackendError(
      'unsupported',
      `kumo:${jobId} is a batch prediction job: pull its training job (kumo:${job.trainingJob?.id ?? 'trainingjob-...'})`,
    );
  const warnings: string[] = [];
  if (job.status !== 'DONE')
    warnings.push(
      `kumo:${jobId} is ${job.status}: its graph is pulled now, and again when it changed by the next pull`,
    );
  const sdk = await requireKumoai(options.python, options.env, options.signal);
  const run = await runPython(options.python, ['-', jobId], {
    env: options.env,
    input: PULL_SCRIPT,
    signal: options.signal,
    onOutput: (text) => options.onOutput?.(text),
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith(ANSWER));
  if (run.code !== 0 || !line) {
    const why = lastLines(run.stderr, 1) || `exit code ${run.code}`;
    throw new JobBackendError(
      'internal',
      `Kumo's SDK (${sdk.executable}, kumoai ${sdk.version}) could not read the graph of kumo:${jobId}: ${why}`,
    );
  }
  let answer: {
    query?: unknown;
    taskType?: unknown;
    tables?: { columns?: { name?: unknown; dtype?: unknown; stype?: unknown }[]; name?: unknown }[];
    edges?: unknown;
  };
  try {
    answer = JSON.parse(line.slice(ANSWER.length));
  } catch {
    throw new JobBackendError('internal', `the graph of kumo:${jobId} came back unreadable from the SDK`);
  }
  const tables = (Array.isArray(answer.tables) ? answer.tables : []).map((table) => ({
    ...table,
    columns: (Array.isArray(table.columns) ? table.columns : []).filter((column) => {
      // A column Kumo has no types for cannot be compared: say so rather than fail the pull.
      const typed = typeof column.dtype === 'string' && typeof column.stype === 'string';
      if (!typed)
        warnings.push(
          `column '${String(table.name)}.${String(column.name)}' has no dtype/stype in Kumo; it is not checked`,
        );
      return typed;
    }),
  }));
  const candidate = {
    formatVersion: 1,
    jobId,
    kumoHost: options.backend.host,
    pulledAt: new Date().toISOString(),
    jobUpdatedAt: job.updatedAt,
    jobStatus: job.status,
    query: answer.query,
    taskType: isTaskType(answer.taskType) ? answer.taskType : 'binary_classification',
    tables,
    edges: answer.edges,
  };
  const parsed = parseKumoTrainingGraph(candidate);
  if ('problem' in parsed)
    throw new JobBackendError('internal', `the graph of kumo:${jobId} is not usable: ${parsed.problem}`);
  const graph = parsed.graph;
  if (!isTaskType(answer.taskType)) {
    // Kumo did not say: infer it from the query and the graph, as validation does for local graphs.
    const query = parsePql(graph.query).query;
    const inferred = query ? inferTaskType(query, graphViewOfJob({ ...graph, jobId })) : undefined;
    if (!inferred)
      throw new JobBackendError('internal', `the task type of kumo:${jobId} is unknown (query: ${graph.query})`);
    graph.taskType = inferred;
  }
  return { graph, warnings };
}
