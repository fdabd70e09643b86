import type { Aggregation, ColumnRef, PredictiveQuery, Target } from './ast';
import { formatCondition } from './formatPql';
import type { PqlGraphView, PqlIssue } from './PqlGraphView';
import { isForeignKey } from './pqlGraphLookup';
import { targetAggregations, walkCondition } from './queryAnalysis';
import { formatColumnName } from './pqlNames';

/**
 * Rules on what the target predicts: never the entity's own key, Kumo's LIST_DISTINCT (link
 * prediction) rules, and target filters that really belong to the entity.
 */
export function checkTarget(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  const issues = entityKeyTargets(query.target, query.entity).map(
    (ref): PqlIssue => ({
      code: 'pql-target-is-entity',
      message: `the target cannot be the entity's own primary key ${formatColumnName(ref.table, ref.column)}: predict another column or an aggregation`,
      span: ref.span,
    }),
  );
  const linkIssues = query.target.kind === 'aggregation' ? aggregationTargetIssues(query, query.target, graph) : [];
  issues.push(...linkIssues);
  const flaggedFilters = new Set(linkIssues.map((issue) => issue.span.start));
  for (const aggregation of targetAggregations(query)) {
    const filter = aggregation.filter;
    if (!filter || filterReadsOtherTables(filter, query.entity.table)) continue;
    // An entity-table reference inside a RANK target filter is already an error; do not also warn about it.
    if ([...flaggedFilters].some((start) => start >= filter.span.start && start < filter.span.end)) continue;
    issues.push({
      code: 'pql-target-filter-on-entity',
      message:
        `this WHERE only reads the entity table '${query.entity.table}', so it filters entities rather than target rows: ` +
        `move it to FOR EACH ${formatColumnName(query.entity.table, query.entity.column)} WHERE ${formatCondition(filter)} ` +
        '(left here it slows training and can give wrong labels)',
      span: filter.span,
    });
  }
  return issues;
}

/** Columns of the target, outside aggregations, that are the entity's primary key itself. */
function entityKeyTargets(target: Target, entity: ColumnRef): ColumnRef[] {
  const same = (ref: ColumnRef) => ref.table === entity.table && ref.column === entity.column;
  switch (target.kind) {
    case 'column':
      return same(target) ? [target] : [];
    case 'aggregation':
      return [];
    case 'comparison':
      return target.left.kind === 'column' && same(target.left) ? [target.left] : [];
    case 'not':
      return entityKeyTargets(target.operand, entity);
    default:
      return [...entityKeyTargets(target.left, entity), ...entityKeyTargets(target.right, entity)];
  }
}

function filterReadsOtherTables(filter: NonNullable<Aggregation['filter']>, entityTable: string): boolean {
  let other = false;
  walkCondition(filter, { role: 'target' }, (ref) => {
    if (ref.table !== entityTable) other = true;
  });
  return other;
}

/** Kumo's validate_list_distinct: rules for an aggregation that is the whole target. */
function aggregationTargetIssues(query: PredictiveQuery, target: Aggregation, graph: PqlGraphView): PqlIssue[] {
  const ref = target.column;
  const table = graph.tables.get(ref.table);
  if (!table || ref.column === '*') return [];
  const name = formatColumnName(ref.table, ref.column);
  if (target.fn === 'LIST_DISTINCT' && ref.column === table.primaryKey) {
    return [
      {
        code: 'pql-list-distinct-invalid',
        message: `LIST_DISTINCT cannot list a primary key (${name}): list a foreign key of '${ref.table}', e.g. the item each row points to`,
        span: ref.span,
      },
    ];
  }
  if (!isForeignKey(table, ref.column)) return [];
  if (target.fn === 'FIRST' || target.fn === 'LAST') {
    return [
      {
        code: 'pql-first-last-on-foreign-key',
        message: `${target.fn} is not supported on a foreign key such as ${name}: use LIST_DISTINCT to predict linked rows`,
        span: target.fnSpan,
        suggestion: 'LIST_DISTINCT',
      },
    ];
  }
  if (target.fn !== 'LIST_DISTINCT') return [];
  const issues: PqlIssue[] = [];
  if (table.foreignKeys.get(ref.column) === query.entity.table) {
    const alternatives = [...table.foreignKeys]
      .filter(([fkey, destination]) => fkey !== ref.column && graph.tables.get(destination)?.primaryKey)
      .map(([, destination]) => `FOR EACH ${destination}.${graph.tables.get(destination)?.primaryKey}`);
    issues.push({
      code: 'pql-list-distinct-invalid',
      message:
        `nothing to predict: ${name} points back to the entity table '${query.entity.table}', so the list would only ever ` +
        `hold the entity itself` +
        (alternatives.length > 0 ? `; use another entity: ${[...new Set(alternatives)].join(' or ')}` : ''),
      span: ref.span,
    });
  }
  if (query.problem?.type === 'CLASSIFY') return issues;
  if (target.filter) {
    let entityRef: ColumnRef | undefined;
    walkCondition(target.filter, { role: 'target' }, (filterRef) => {
      if (!entityRef && filterRef.table === query.entity.table) entityRef = filterRef;
    });
    if (entityRef) {
      issues.push({
        code: 'pql-list-distinct-invalid',
        message: `a ranking target's WHERE may not read the entity table '${query.entity.table}': move that condition to FOR EACH ... WHERE`,
        span: entityRef.span,
      });
    }
  }
  if (!target.window) issues.push(...staticListDistinctIssues(target, graph));
  return issues;
}

/** Without a window, time in the graph would leak into a static link prediction's random split. */
function staticListDistinctIssues(target: Aggregation, graph: PqlGraphView): PqlIssue[] {
  const ref = target.column;
  const name = formatColumnName(ref.table, ref.column);
  const own = graph.tables.get(ref.table)?.timeColumn;
  if (own) {
    return [
      {
        code: 'pql-list-distinct-invalid',
        message:
          `'${ref.table}' has a time column (${own}), so LIST_DISTINCT needs a time window: ` +
          `LIST_DISTINCT(${name}, 0, 30, days), or remove the time column if time does not matter`,
        span: target.span,
      },
    ];
  }
  const timed = [...graph.tables]
    .filter(([tableName, table]) => tableName !== ref.table && table.timeColumn)
    .map(([tableName, table]) => `${tableName}.${table.timeColumn}`);
  if (timed.length === 0) return [];
  return [
    {
      code: 'pql-list-distinct-invalid',
      message:
        `LIST_DISTINCT without a time window cannot be used while the graph has time columns (${timed.join(', ')}): ` +
        'the split would leak future information; add a window or drop those time columns',
      span: target.span,
    },
  ];
}
