import type { PredictiveQuery } from './ast';
import { closestMatch } from '../text/didYouMean';
import type { PqlGraphView, PqlIssue } from './PqlGraphView';
import { hasColumn, knownColumnNames } from './pqlGraphLookup';
import { quoteName } from './pqlNames';
import { walkColumnRefs } from './queryAnalysis';

/**
 * Names first, as Kumo validates them: every `table.column` must exist (case-sensitively), `table.*`
 * only counts rows inside COUNT, and FOR EACH names the entity table's primary key.
 */
export function checkNames(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  const issues: PqlIssue[] = [];
  walkColumnRefs(query, (ref, context) => {
    const table = graph.tables.get(ref.table);
    if (!table) {
      const meant = closestMatch(ref.table, graph.tables.keys());
      issues.push({
        code: 'pql-unknown-table',
        message:
          `unknown table '${ref.table}'${meant ? ` (did you mean '${meant}'?)` : ''}: ` +
          `PQL uses the graph's table names, case-sensitively`,
        span: ref.tableSpan,
        suggestion: meant === undefined ? undefined : quoteName(meant),
      });
      return;
    }
    if (ref.column === '*') {
      if (context.role !== 'entity' && context.aggregatedBy?.fn !== 'COUNT') {
        const where = context.aggregatedBy
          ? `${context.aggregatedBy.fn}(...)`
          : ref === query.target
            ? 'the target'
            : 'a comparison';
        issues.push({
          code: 'pql-wildcard-outside-count',
          message: `the wildcard ${ref.table}.* counts rows and is only allowed in COUNT(...), not in ${where}: name a column of '${ref.table}'`,
          span: ref.span,
        });
      }
      return;
    }
    if (hasColumn(table, ref.column) === false) {
      const excluded = table.excludedColumns?.has(ref.column);
      const meant = excluded ? undefined : closestMatch(ref.column, knownColumnNames(table));
      issues.push({
        code: 'pql-unknown-column',
        message: excluded
          ? `column '${ref.column}' is excluded from table '${ref.table}' in the graph (exclude: true), so the query cannot use it`
          : `unknown column '${ref.column}' in table '${ref.table}'${meant ? ` (did you mean '${meant}'?)` : ''}: ` +
            `column names are case-sensitive`,
        span: ref.columnSpan,
        suggestion: meant === undefined ? undefined : quoteName(meant),
      });
    }
  });
  // Like Kumo, judge the entity only once every name resolves: a misspelt table has no primary key to compare.
  if (issues.some((issue) => issue.code !== 'pql-wildcard-outside-count')) return issues;
  const entity = query.entity;
  const table = graph.tables.get(entity.table);
  if (table && entity.column !== table.primaryKey) {
    issues.push(
      table.primaryKey
        ? {
            code: 'pql-entity-not-primary-key',
            message:
              `FOR EACH must name the primary key of '${entity.table}', which is '${table.primaryKey}'` +
              (entity.column === '*' ? '' : `, not '${entity.column}'`),
            span: entity.columnSpan,
            suggestion: quoteName(table.primaryKey),
          }
        : {
            code: 'pql-entity-not-primary-key',
            message: `table '${entity.table}' has no primary key, so it cannot be the entity of FOR EACH: declare primary_key for it in the graph`,
            span: entity.span,
          },
    );
  }
  return issues;
}
