import type { ConnectorTableSchema } from '../../core/scaffold/connectorCandidates';
import { JobBackendError } from '../JobBackend';
import { lastLines, NO_KUMOAI_EXIT, requireKumoai, runPython, type PythonChoice } from './kumoPython';
import { NAMED_CONNECTORS } from './predictionScript';

/** The marker before the script's answer, so prints of the SDK itself are never mistaken for it. */
const ANSWER = 'RELGRAPH_KUMO_CONNECTOR_TABLES ';

/**
 * Lists a Kumo connector's source tables with their columns through Kumo's SDK, in the user's Python,
 * as `relgraph kumo pull` reads graphs. Not over REST: kumo-semantics.md §2.1 names the paths
 * (`POST /source_tables/list_tables`, `/get_table_config`) but not their bodies, which differ per
 * connector kind in the SDK's client, so a request could only be guessed.
 *
 * The SDK calls, and where they are documented (§1.2 and Kumo's SDK reference):
 * - `<Kind>Connector.get_by_name(name)` [DOC]: a stored connector by its name. The name does not say its
 *   kind, so the kind the training graph recorded is asked first, then each kind (as the prediction
 *   script does);
 * - `connector.table_names()` and `connector[name]` [DOC];
 * - `SourceTable.columns`, a list of `SourceColumn(name, stype, dtype, is_primary)` [DOC: the SDK reference,
 *   kumoai.connector.SourceTable]. §1.2's `column_names()` / `column_types()` are only [2ND]-sourced and
 *   are not used.
 */
export const CONNECTOR_TABLES_SCRIPT = `
import json
import os
import re
import sys


def text_of(value):
    """An enum of kumoapi (Dtype, Stype) or a string, as its string value."""
    if value is None:
        return None
    return str(getattr(value, "value", value))


def answer(value):
    print("${ANSWER.trim()} " + json.dumps(value), flush=True)


try:
    import kumoai
    import kumoai.connector as connectors
except Exception as error:
    print(json.dumps({"python": sys.executable, "error": type(error).__name__ + ": " + str(error)}))
    sys.exit(${NO_KUMOAI_EXIT})

name, known_kind, limit, pattern = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
kumoai.init(url=os.environ["KUMO_API_URL"], api_key=os.environ["KUMO_API_KEY"])

kinds = [known_kind] if known_kind else []
kinds += [k for k in ${JSON.stringify(NAMED_CONNECTORS)} if k not in kinds]
connector = None
problems = []
for kind in kinds:
    cls = getattr(connectors, kind, None)
    if cls is None:
        continue
    try:
        connector = cls.get_by_name(name)
        break
    except Exception as error:  # the SDK raises when no stored connector of this kind has the name
        problems.append(kind + ": " + str(error))
if connector is None:
    answer({"error": "no-connector", "problems": problems})
    sys.exit(0)

all_names = [str(n) for n in connector.table_names()]
names = sorted(n for n in all_names if not pattern or re.fullmatch(pattern, n, re.IGNORECASE | re.DOTALL))
tables = []
for table_name in names[:limit]:
    entry = {"name": table_name}
    try:
        source = connector[table_name]
        entry["columns"] = [
            {"name": column.name, "dtype": text_of(column.dtype), "stype": text_of(column.stype)}
            for column in source.columns
        ]
    except Exception as error:  # one unreadable table does not hide the others
        entry["problem"] = type(error).__name__ + ": " + str(error)
    tables.append(entry)
answer({"connectorType": type(connector).__name__, "total": len(all_names), "matching": len(names), "tables": tables})
`;

export interface ConnectorTables {
  connector: string;
  /** The SDK class of the connector (`SnowflakeConnector`, ...). */
  connectorType: string;
  /** The tables named like `namePattern`, sorted by name; at most `limit` of them. */
  tables: ConnectorTableSchema[];
  /** How many tables the connector has. */
  total: number;
  /** How many of them are named like `namePattern` (more than `tables` when truncated). */
  matching: number;
}

export interface ListConnectorTablesOptions {
  python: PythonChoice;
  /** The environment of the Python child: KUMO_API_URL and KUMO_API_KEY must be in it. */
  env: NodeJS.ProcessEnv;
  /** The connector's SDK class when known (the pulled training graph says it for its own connectors). */
  connectorType?: string;
  /** The most tables whose columns are read. */
  limit: number;
  /** Only the tables whose whole name matches this regular expression, in any case (tableNameRegexSource). */
  namePattern?: string;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
}

/** A connector's tables and their columns, or a JobBackendError saying what failed and what to do. */
export async function listConnectorTables(
  connector: string,
  options: ListConnectorTablesOptions,
): Promise<ConnectorTables> {
  const sdk = await requireKumoai(options.python, options.env, options.signal);
  const run = await runPython(
    options.python,
    ['-', connector, options.connectorType ?? '', String(options.limit), options.namePattern ?? ''],
    {
      env: options.env,
      input: CONNECTOR_TABLES_SCRIPT,
      signal: options.signal,
      onOutput: options.onOutput,
    },
  );
  options.signal?.throwIfAborted();
  const line = run.stdout.split('\n').find((l) => l.startsWith(ANSWER));
  if (run.code !== 0 || !line) {
    const why = lastLines(run.stderr, 1) || `exit code ${run.code}`;
    throw new JobBackendError(
      'internal',
      `Kumo's SDK (${sdk.executable}, kumoai ${sdk.version}) could not list the tables of connector '${connector}': ${why}`,
    );
  }
  let answer: unknown;
  try {
    answer = JSON.parse(line.slice(ANSWER.length));
  } catch {
    throw new JobBackendError('internal', `the tables of connector '${connector}' came back unreadable from the SDK`);
  }
  return parseAnswer(connector, answer);
}

/** The script's answer, checked field by field: it comes from a process that ran the user's Python. */
function parseAnswer(connector: string, answer: unknown): ConnectorTables {
  const value = isObject(answer) ? answer : {};
  if (value.error === 'no-connector') {
    const problems = Array.isArray(value.problems) ? value.problems.filter((p) => typeof p === 'string') : [];
    throw new JobBackendError(
      'refused',
      `Kumo has no connector named '${connector}' (asked as ${NAMED_CONNECTORS.join(', ')})` +
        (problems.length > 0 ? `: ${problems.join('; ')}` : '') +
        ". Connector names are shown in Kumo's UI under Connectors.",
    );
  }
  if (!Array.isArray(value.tables) || typeof value.total !== 'number' || typeof value.matching !== 'number')
    throw new JobBackendError('internal', `the tables of connector '${connector}' came back without a table list`);
  const tables: ConnectorTableSchema[] = [];
  for (const raw of value.tables) {
    if (!isObject(raw) || !isName(raw.name)) continue;
    if (Array.isArray(raw.columns)) {
      const columns = raw.columns
        .filter((c): c is Record<string, unknown> => isObject(c) && isName(c.name))
        .map((c) => ({ name: c.name as string, ...(typeof c.dtype === 'string' ? { dtype: c.dtype } : {}) }));
      tables.push({ name: raw.name, columns });
    } else {
      tables.push({ name: raw.name, problem: typeof raw.problem === 'string' ? raw.problem : 'no columns listed' });
    }
  }
  return {
    connector,
    connectorType: typeof value.connectorType === 'string' ? value.connectorType : 'unknown',
    tables,
    total: Math.max(value.total, value.matching, tables.length),
    matching: Math.max(value.matching, tables.length),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 1024;
}
