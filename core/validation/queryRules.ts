import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import { DIAGNOSTIC_CODES } from '../diagnostics/DiagnosticCodes';
import type { PredictiveQuery, TaskType } from '../pql/ast';
import { checkPql } from '../pql/checkPql';
import { explainTaskType, type TaskTypeInference } from '../pql/inferTaskType';
import { asSentence } from '../pql/asSentence';
import { parsePql } from '../pql/parsePql';
import { checkQueryNumbers } from '../pql/pqlNumberRules';
import type { PqlGraphView, PqlTableView } from '../pql/PqlGraphView';
import { quoteName } from '../pql/pqlNames';
import { walkColumnRefs } from '../pql/queryAnalysis';
import type { GraphSpec, QueryText } from '../spec/SpecModel';
import type { TrainingGraphMetadata } from '../spec/TrainingGraphMetadata';
import { diagnostic } from './diagnosticFactory';

/** What PQL checks can know of a spec graph without data: keys, time columns, declared column types, foreign keys. */
export function graphViewOfSpec(graph: GraphSpec): PqlGraphView {
  const tables = new Map<string, PqlTableView>();
  for (const table of graph.tables) {
    tables.set(table.name, {
      primaryKey: table.primaryKey?.value,
      timeColumn: table.timeColumn?.value,
      endTimeColumn: table.endTimeColumn?.value,
      columns: undefined,
      foreignKeys: new Map(),
    });
  }
  for (const edge of graph.edges)
    tables.get(edge.srcTable.value)?.foreignKeys.set(edge.fkey.value, edge.dstTable.value);
  // Declared stypes help task-type inference even though the full column list needs the data.
  for (const table of graph.tables) {
    const view = tables.get(table.name)!;
    const declared = table.columns.filter((c) => !c.exclude && (c.stype || c.dtype));
    if (declared.length > 0) {
      view.declaredColumns = new Map(declared.map((c) => [c.name, { stype: c.stype?.value, dtype: c.dtype?.value }]));
    }
    // An excluded column is knowably absent from the graph, data or not.
    const excluded = table.columns.filter((c) => c.exclude).map((c) => c.name);
    if (excluded.length > 0) view.excludedColumns = new Set(excluded);
  }
  return { tables };
}

/** A finished training job knows every column of every table. */
export function graphViewOfJob(job: TrainingGraphMetadata): PqlGraphView {
  const tables = new Map<string, PqlTableView>();
  for (const table of job.tables) {
    tables.set(table.name, {
      primaryKey: table.primaryKey,
      timeColumn: table.timeColumn,
      endTimeColumn: table.endTimeColumn,
      columns: new Map(table.columns.map((c) => [c.name, { stype: c.stype, dtype: c.dtype }])),
      foreignKeys: new Map(),
    });
  }
  for (const edge of job.edges) tables.get(edge.srcTable)?.foreignKeys.set(edge.fkey, edge.dstTable);
  return { tables };
}

const JOIN_CODES: ReadonlySet<string> = new Set(['pql-join-not-unique', 'pql-join-missing', 'pql-join-ambiguous']);

export interface QueryCheck {
  query?: PredictiveQuery;
  taskType?: TaskType;
  /** Why the task type is what it is, and whether the data could still change it. */
  taskTypeInference?: TaskTypeInference;
  diagnostics: SpecDiagnostic[];
}

/**
 * Parses and checks a training spec's query against its graph, with every range inside the `query:` value.
 * `spec`, the graph as written, lets a structural error stay one diagnostic: with `tables` unreadable, or a
 * table the query names not being a mapping, the query is only parsed (its names cannot be judged yet).
 */
export function checkQuery(text: QueryText, graph: PqlGraphView | undefined, spec?: GraphSpec): QueryCheck {
  const parsed = parsePql(text.value);
  const diagnostics: SpecDiagnostic[] = parsed.errors.map((e) =>
    diagnostic('pql-syntax', e.message, text.offsetToRange(e.span.start, e.span.end)),
  );
  // Numbers are checked with or without a graph: `1e400` must never reach SQL, nor 1e23 days date math.
  for (const issue of parsed.query ? checkQueryNumbers(parsed.query, text.value) : []) {
    diagnostics.push(
      diagnostic(issue.code, asSentence(issue.message), text.offsetToRange(issue.span.start, issue.span.end)),
    );
  }
  if (!parsed.query || !graph) return { query: parsed.query, diagnostics };
  if (spec && dependsOnBrokenTables(parsed.query, spec)) return { query: parsed.query, diagnostics };
  // The join rules follow the graph's edges: with `edges` broken, what they would say is a consequence.
  const edgesBroken = spec?.broken?.edges === true;
  const issues = checkPql(parsed.query, graph).filter((i) => !(edgesBroken && JOIN_CODES.has(i.code)));
  const checkedSpans = issues.map((i) => `${i.span.start}:${i.span.end}`);
  for (const issue of issues) {
    diagnostics.push(
      diagnostic(issue.code, issue.message, text.offsetToRange(issue.span.start, issue.span.end), {
        severity: issue.severity ?? DIAGNOSTIC_CODES[issue.code],
        data: issue.suggestion ? { suggestion: issue.suggestion } : undefined,
      }),
    );
  }
  const flagged = new Set(checkedSpans);
  diagnostics.push(...caseMismatchedColumns(parsed.query, graph, text, flagged));
  if (diagnostics.some((d) => d.severity === 'error')) return { query: parsed.query, diagnostics };
  const taskTypeInference = explainTaskType(parsed.query, graph);
  return { query: parsed.query, taskType: taskTypeInference.taskType, taskTypeInference, diagnostics };
}

/**
 * Without data a table's full column list is unknown, but a name that differs from a known key,
 * time or declared column only by case is knowably wrong: PQL names are case-sensitive.
 */
function caseMismatchedColumns(
  query: PredictiveQuery,
  graph: PqlGraphView,
  text: QueryText,
  flagged: Set<string>,
): SpecDiagnostic[] {
  const diagnostics: SpecDiagnostic[] = [];
  walkColumnRefs(query, (ref) => {
    const table = graph.tables.get(ref.table);
    if (!table || table.columns || ref.column === '*' || flagged.has(`${ref.columnSpan.start}:${ref.columnSpan.end}`))
      return;
    const known = [
      table.primaryKey,
      table.timeColumn,
      table.endTimeColumn,
      ...table.foreignKeys.keys(),
      ...(table.declaredColumns?.keys() ?? []),
    ].filter((c): c is string => !!c);
    if (known.includes(ref.column)) return;
    const sameLetters = known.find((k) => k.toLowerCase() === ref.column.toLowerCase());
    if (!sameLetters) return;
    diagnostics.push(
      diagnostic(
        'pql-unknown-column',
        `Table '${ref.table}' has no column '${ref.column}': column names are case-sensitive. Did you mean '${sameLetters}'?`,
        text.offsetToRange(ref.columnSpan.start, ref.columnSpan.end),
        { data: { suggestion: quoteName(sameLetters) } },
      ),
    );
  });
  return diagnostics;
}

function dependsOnBrokenTables(query: PredictiveQuery, graph: GraphSpec): boolean {
  if (graph.broken?.tables) return true;
  const malformed = new Set(graph.tables.filter((t) => t.malformed).map((t) => t.name));
  if (malformed.size === 0) return false;
  let depends = false;
  walkColumnRefs(query, (ref) => {
    if (malformed.has(ref.table)) depends = true;
  });
  return depends;
}
