import type { Aggregation, ColumnRef, Comparison, Condition, PredictiveQuery, Target } from './ast';
import { formatCondition } from './formatPql';
import {
  describeForeignKeys,
  describePath,
  directForeignKeys,
  MAX_PATH_HOPS,
  sharedChildTables,
  shortestForeignKeyPaths,
} from './pqlForeignKeyPaths';
import type { PqlGraphView, PqlIssue } from './PqlGraphView';
import { formatColumnName, quoteName } from './pqlNames';
import { isTemporalQuery } from './queryAnalysis';

/**
 * Kumo's join validator: every table a query reads must be linked to the table it is read for by
 * exactly one foreign-key path, in the direction that makes the value well defined.
 * - A plain column of another table (a static target, a WHERE or target comparison) is read for each
 *   row of its source (the entity, or the aggregated table inside an aggregation's WHERE): it needs
 *   exactly one foreign key of the source pointing to its table, one value per row ("one-hop-away
 *   filters", docs.kumo.ai/docs/where). A table whose rows point to the source has many values per row
 *   and needs an aggregation ("Couldn't pick a unique ... for each ...").
 * - An aggregation reads many rows of its table per source row: its table needs a foreign-key path to
 *   the source. Kumo follows one hop, the local engine up to three; several paths are ambiguous.
 * Issues sit on the column reference. Only run once every name resolves.
 */
export function checkJoins(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  return new JoinChecker(query, graph).run();
}

/** Where a reference sits, which decides the window of a suggested aggregation. */
type Clause = 'target' | 'entity-filter' | 'assuming' | 'aggregation-filter';

class JoinChecker {
  private readonly issues: PqlIssue[] = [];

  constructor(
    private readonly query: PredictiveQuery,
    private readonly graph: PqlGraphView,
  ) {}

  run(): PqlIssue[] {
    const entity = this.query.entity.table;
    this.visitTarget(this.query.target, entity);
    if (this.query.entityFilter) this.visitCondition(this.query.entityFilter, entity, 'entity-filter');
    if (this.query.assuming) this.visitCondition(this.query.assuming, entity, 'assuming');
    return this.issues;
  }

  private visitTarget(target: Target, source: string): void {
    if (target.kind === 'column') this.checkColumn(target, source, 'target');
    else if (target.kind === 'aggregation') this.checkAggregation(target, source);
    else this.visitCondition(target, source, 'target');
  }

  private visitCondition(condition: Condition, source: string, clause: Clause): void {
    switch (condition.kind) {
      case 'comparison':
        if (condition.left.kind === 'column') this.checkColumn(condition.left, source, clause, condition);
        else this.checkAggregation(condition.left, source);
        return;
      case 'not':
        this.visitCondition(condition.operand, source, clause);
        return;
      default:
        this.visitCondition(condition.left, source, clause);
        this.visitCondition(condition.right, source, clause);
    }
  }

  /** An aggregation's rows must lead to its source by one foreign-key path; its WHERE reads for each of its rows. */
  private checkAggregation(aggregation: Aggregation, source: string): void {
    const ref = aggregation.column;
    const table = ref.table;
    if (table !== source) {
      const paths = shortestForeignKeyPaths(this.graph, table, source);
      const name = `${aggregation.fn}(${formatColumnName(ref.table, ref.column)}, ...)`;
      if (paths.length === 0) {
        const parentKeys = directForeignKeys(this.graph, source, table);
        this.report('pql-join-missing', ref, [
          `${name} aggregates '${table}' rows for each '${source}' row, but no foreign-key path of at most ${MAX_PATH_HOPS} hops leads from '${table}' to '${source}'`,
          parentKeys.length > 0
            ? `each '${source}' row has one '${table}' row (${describeForeignKeys(source, parentKeys, table)}): compare its column directly instead of aggregating, e.g. ${this.columnExample(table)}`
            : `add an edge from '${table}' to '${source}' (a foreign key of '${table}' pointing to it)`,
        ]);
      } else if (paths.length > 1) {
        this.report('pql-join-ambiguous', ref, [
          `${name} could link '${table}' rows to '${source}' in ${paths.length} ways (${paths.map((p) => describePath(p)).join('; ')}), so it is ambiguous which '${source}' a row belongs to`,
          `keep one of these edges in the graph, or aggregate a table with a single link to '${source}'`,
        ]);
      }
    }
    if (aggregation.filter) this.visitCondition(aggregation.filter, table, 'aggregation-filter');
  }

  /** A plain column read for each row of `source` needs exactly one foreign key of `source` pointing to its table. */
  private checkColumn(ref: ColumnRef, source: string, clause: Clause, comparison?: Comparison): void {
    const table = ref.table;
    if (ref.column === '*' || table === source) return;
    const column = formatColumnName(ref.table, ref.column);
    const direct = directForeignKeys(this.graph, source, table);
    if (direct.length === 1) return;
    if (direct.length > 1) {
      this.report('pql-join-ambiguous', ref, [
        `'${source}' has ${direct.length} foreign keys to '${table}' (${describeForeignKeys(source, direct, table)}), so it is ambiguous which '${table}' row ${column} comes from`,
        `keep one of these edges in the graph, or copy the column into '${source}'`,
      ]);
      return;
    }
    const down = shortestForeignKeyPaths(this.graph, table, source);
    if (down.length > 0) {
      this.report('pql-join-not-unique', ref, [
        `each '${source}' row has many '${table}' rows (${describePath(down[0])}), so ${column} has no single value per '${source}' row`,
        this.aggregateFix(table, ref, clause, comparison),
      ]);
      return;
    }
    const middles = sharedChildTables(this.graph, source, table);
    if (middles.length > 0) {
      const middle = middles[0];
      const via = `${describeForeignKeys(middle, directForeignKeys(this.graph, middle, source), source)}; ${describeForeignKeys(middle, directForeignKeys(this.graph, middle, table), table)}`;
      this.report('pql-join-not-unique', ref, [
        `'${table}' is reached from '${source}' only through its many '${middle}' rows (${via}), so ${column} has no single value per '${source}' row`,
        this.aggregateFix(middle, ref, clause, comparison),
      ]);
      return;
    }
    const up = shortestForeignKeyPaths(this.graph, source, table);
    if (up.length > 0) {
      this.report('pql-join-missing', ref, [
        `'${table}' is ${up[0].length} foreign keys away from '${source}' (${describePath(up[0])}), and Kumo joins a column over one foreign key only`,
        `add a foreign key from '${source}' to '${table}', or copy ${column} into '${up[0][0].to}' and read it from there`,
      ]);
      return;
    }
    this.report('pql-join-missing', ref, [
      `no foreign key links '${source}' and '${table}', so ${column} cannot be read for a '${source}' row`,
      `add an edge from '${source}' to '${table}' (a foreign key of '${source}' pointing to '${table}'), or use a column of '${source}'`,
    ]);
  }

  /** How to read many rows of `child` as one value: aggregate (when a window is possible), or change the entity. */
  private aggregateFix(child: string, ref: ColumnRef, clause: Clause, comparison?: Comparison): string {
    const childTable = this.graph.tables.get(child);
    const window = clause === 'target' || clause === 'assuming' ? '0, 30, days' : '-INF, 0';
    const windowsAllowed = clause === 'target' || isTemporalQuery(this.query);
    const fixes: string[] = [];
    if (childTable?.timeColumn && windowsAllowed) {
      fixes.push(
        comparison
          ? `filter through an aggregation over '${child}', e.g. COUNT(${formatColumnName(child, '*')} WHERE ${formatCondition(comparison)}, ${window}) > 0`
          : `aggregate it over a window, e.g. LAST(${formatColumnName(ref.table, ref.column)}, ${window})`,
      );
    } else if (windowsAllowed) {
      fixes.push(
        `give '${child}' a time column and aggregate over it, e.g. COUNT(${formatColumnName(child, '*')} ..., ${window}) > 0`,
      );
    }
    const childKey = childTable?.primaryKey;
    if (clause === 'target' && childKey)
      fixes.push(`predict for each '${child}' row instead: FOR EACH ${formatColumnName(child, childKey)}`);
    if (fixes.length === 0)
      fixes.push(`read a column of '${this.query.entity.table}' or of a table it points to instead`);
    return fixes.join(', or ');
  }

  private columnExample(table: string): string {
    return `${quoteName(table)}.<column> = ...`;
  }

  private report(code: PqlIssue['code'], ref: ColumnRef, parts: string[]): void {
    this.issues.push({ code, message: parts.join(': '), span: ref.span });
  }
}
