import type { Range } from '../../core/diagnostics/SpecDiagnostic';
import type { Span } from '../../core/pql/ast';
import type { GraphSpec, TableSpec } from '../../core/spec/SpecModel';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import { CheckTimeoutError } from '../QueryRunner';
import type { SourceRefusal } from '../SourceAccessPolicy';
import type { SourceColumn, TableProfile } from '../TableProfile';
import { readNote, type TableProfiler } from '../TableProfiler';
import type { TableSource } from '../TableSource';
import { DiagnosticSink, rangeWithin, type SpecLocation } from './DiagnosticSink';

/** What one validation has learnt about one table; filled step by step, each step only if the last worked. */
export interface TableState {
  spec: TableSpec;
  graph: GraphSpec;
  /** Undefined when the table has no source or static validation already failed on it. */
  source?: TableSource;
  /** The source's columns, when it could be read. */
  columns?: SourceColumn[];
  /** The full statistics, when they were computed. */
  profile?: TableProfile;
  /** Why the source could not be read (already reported where the table is defined). */
  unreadable?: string;
}

/** Shared by the data checks of one `DataValidator.validate` call. */
export class DataCheckContext {
  readonly sink: DiagnosticSink;
  private readonly tables = new Map<string, Promise<TableState>>();
  private errorsByLine?: Map<string, Range[]>;

  constructor(
    readonly v: SpecValidation,
    readonly profiler: TableProfiler,
    readonly signal: AbortSignal | undefined,
    /** Why a table's source may not be read (outside the workspace), or undefined when it may. */
    readonly refusalOf: (table: TableSpec, graph: GraphSpec) => SourceRefusal | undefined = () => undefined,
  ) {
    this.sink = new DiagnosticSink(v);
  }

  /** Whether table and edge findings belong to this file: only the file that defines a graph reports them. */
  ownsGraph(graph: GraphSpec): boolean {
    return graph.path === this.v.path;
  }

  at(graph: GraphSpec, range: SpecLocation['range']): SpecLocation {
    return { path: graph.path, range };
  }

  /** The table's source value (or its name when it has none): where source-level findings go. */
  sourceLocation(state: TableState): SpecLocation {
    return this.at(state.graph, state.spec.source?.range ?? state.spec.nameRange);
  }

  /**
   * Where a span of the query is: inside a training spec's `query:`; for a prediction spec, inside
   * the training spec's query (shown on `training_job`), or `training_job` itself for a job id.
   */
  queryLocation(span: Span): SpecLocation | undefined {
    const spec = this.v.spec;
    if (spec?.kind === 'training' && spec.query) {
      return { path: spec.path, range: spec.query.offsetToRange(span.start, span.end) };
    }
    if (spec?.kind !== 'prediction') return undefined;
    const query = this.v.training?.query;
    if (this.v.training && query)
      return { path: this.v.training.path, range: query.offsetToRange(span.start, span.end) };
    return spec.trainingJob ? { path: spec.path, range: spec.trainingJob.ref.range } : undefined;
  }

  /** What was read for this table: `read data/x.csv, 857 rows` (without rows before its scan). */
  readNoteOf(state: TableState): string {
    if (state.profile) return state.profile.readNote;
    const label = state.spec.source?.value ?? state.source?.pattern ?? state.spec.name;
    return state.source ? readNote(label, state.source) : `read ${label}`;
  }

  /** Foreign-key columns of a table, from the graph's edges. */
  foreignKeysOf(graph: GraphSpec, table: string): Set<string> {
    return new Set(graph.edges.filter((e) => e.srcTable.value === table).map((e) => e.fkey.value));
  }

  /** Whether static validation already reported an error on the table's source (file-not-found, ...). */
  staticallyFailed(graph: GraphSpec, table: TableSpec): boolean {
    if (!table.source || !table.sourcePath) return true;
    const sourceRange = table.source.range;
    for (let line = sourceRange.start.line; line <= sourceRange.end.line; line++) {
      const candidates = this.staticErrorsByLine().get(`${graph.path}\u0000${line}`) ?? [];
      if (candidates.some((range) => rangeWithin(range, sourceRange))) return true;
    }
    return false;
  }

  /** Static error ranges by file and start line, built once: one lookup per table instead of a scan of every diagnostic. */
  private staticErrorsByLine(): Map<string, Range[]> {
    if (!this.errorsByLine) {
      const byLine = new Map<string, Range[]>();
      const add = (file: string, range: Range) => {
        const key = `${file}\u0000${range.start.line}`;
        byLine.set(key, [...(byLine.get(key) ?? []), range]);
      };
      for (const d of this.v.diagnostics) {
        if (d.severity !== 'error') continue;
        add(this.v.path, d.range);
        for (const r of d.related ?? []) add(r.path, r.range);
      }
      this.errorsByLine = byLine;
    }
    return this.errorsByLine;
  }

  /** Loads a table once per validation (several checks ask for the same one). */
  table(graph: GraphSpec, spec: TableSpec, load: () => Promise<TableState>): Promise<TableState> {
    const key = `${graph.path}\u0000${spec.name}`;
    let state = this.tables.get(key);
    if (!state) {
      state = load();
      this.tables.set(key, state);
    }
    return state;
  }

  /**
   * Runs one check; when it overruns its time limit the result is unknown, which is said out loud
   * (`data-check-incomplete`) instead of passing silently. Cancellation is rethrown.
   */
  async guard<T>(what: string, at: SpecLocation, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof CheckTimeoutError)) throw error;
      this.sink.add(
        'data-check-incomplete',
        `The ${what} was stopped after ${formatDuration(error.timeoutMs)} (the per-check time limit), so its result is unknown, not passed.`,
        at,
        { data: { check: what, timeoutMs: error.timeoutMs } },
      );
      return undefined;
    }
  }
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
