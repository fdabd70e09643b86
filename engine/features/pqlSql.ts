import type { Aggregation } from '../../core/pql/ast';
import { conditionSql, windowConditionSql } from '../../data/pqlConditionSql';
import { sqlIdent } from '../../data/sourceScan';
import type { LoadedGraph, LoadedTable } from './GraphTables';

/**
 * PQL aggregations over a loaded graph as DuckDB SQL: which foreign-key path links a table's rows to the
 * entity, and each aggregation's value per (entity, anchor). Conditions and windows come from
 * data/pqlConditionSql.ts, which the data checks share.
 */

/**
 * How rows of `table` reach the entity table: the foreign-key chain (at most three hops) from `table`
 * to the entity, found breadth-first in edge order. For the entity table itself the chain is empty.
 */
export function entityKeyPath(
  graph: LoadedGraph,
  table: string,
  entityTable: string,
): { table: string; fkey: string }[] {
  if (table === entityTable) return [];
  const queue: { at: string; path: { table: string; fkey: string }[] }[] = [{ at: table, path: [] }];
  const seen = new Set([table]);
  while (queue.length > 0) {
    const { at, path } = queue.shift()!;
    if (path.length >= 3) continue;
    for (const edge of graph.edges.filter((e) => e.srcTable === at)) {
      const next = [...path, { table: at, fkey: edge.fkey }];
      if (edge.dstTable === entityTable) return next;
      if (!seen.has(edge.dstTable)) {
        seen.add(edge.dstTable);
        queue.push({ at: edge.dstTable, path: next });
      }
    }
  }
  throw new Error(
    `table '${table}' has no foreign-key path to the entity table '${entityTable}': add an edge so its rows belong to an entity`,
  );
}

/**
 * The aggregation's per-(entity, anchor) values for every anchor in `anchorsTable` (column `anchor`):
 * `SELECT ENTITY, anchor, value`. One range join of anchors and rows, then one GROUP BY.
 * `pairs`: the table holds (ENTITY, anchor) pairs and only those are computed (a sampled training
 * table), joined on the entity as well as the window.
 */
export function aggregationValuesSql(
  graph: LoadedGraph,
  aggregation: Aggregation,
  entityTable: string,
  anchorsTable: string,
  options: { pairs?: boolean } = {},
): string {
  const table = requireTable(graph, aggregation.column.table);
  const entity = requireTable(graph, entityTable);
  const hops = entityKeyPath(graph, table.name, entityTable);
  const joins: string[] = [];
  let entityKey = `r.${sqlIdent(entity.primaryKey ?? '')}`;
  if (hops.length > 0) {
    entityKey = `r.${sqlIdent(hops[0].fkey)}`;
    // Middle tables of a longer chain: join each by its primary key to reach the next foreign key.
    for (let i = 1; i < hops.length; i++) {
      const middle = requireTable(graph, hops[i].table);
      joins.push(
        `JOIN ${sqlIdent(middle.relation)} h${i} ON h${i}.${sqlIdent(middle.primaryKey ?? '')} = ${entityKey}`,
      );
      entityKey = `h${i}.${sqlIdent(hops[i].fkey)}`;
    }
  }
  const time = table.timeColumn ? `r.${sqlIdent(table.timeColumn)}` : undefined;
  const conditions: string[] = [];
  if (time) conditions.push(windowConditionSql(aggregation.window, time, 'a.anchor'));
  else if (aggregation.window) {
    throw new Error(
      `${aggregation.fn}(${aggregation.column.table}...) has a time window but table '${table.name}' has no time column`,
    );
  }
  if (aggregation.filter) {
    conditions.push(
      conditionSql(aggregation.filter, (left) => {
        if (left.kind !== 'column' || left.table !== table.name) {
          throw new Error(
            `the filter of ${aggregation.fn}(${aggregation.column.table}.${aggregation.column.column} WHERE ...) may only use columns of '${table.name}'`,
          );
        }
        return `r.${sqlIdent(left.column)}`;
      }),
    );
  }
  const value = aggregateSql(aggregation, table, time);
  const where = [`${entityKey} IS NOT NULL`];
  if (options.pairs) {
    // On a direct foreign key the pair's entity joins the rows; through middle tables it filters the chain.
    (hops.length <= 1 ? conditions : where).push(`${entityKey} = a.ENTITY`);
  }
  const on = conditions.length > 0 ? conditions.join(' AND ') : 'TRUE';
  return (
    `SELECT ${entityKey} AS ENTITY, a.anchor, ${value} AS value ` +
    `FROM ${sqlIdent(anchorsTable)} a JOIN ${sqlIdent(table.relation)} r ON ${on} ${joins.join(' ')} ` +
    `WHERE ${where.join(' AND ')} GROUP BY ALL`
  );
}

function aggregateSql(aggregation: Aggregation, table: LoadedTable, time: string | undefined): string {
  const col = aggregation.column.column === '*' ? '*' : `r.${sqlIdent(aggregation.column.column)}`;
  const order = time && table.primaryKey ? `(${time}, r.${sqlIdent(table.primaryKey)})` : (time ?? undefined);
  switch (aggregation.fn) {
    case 'COUNT':
      return `count(${col})`;
    case 'COUNT_DISTINCT':
      return `count(DISTINCT ${col})`;
    case 'SUM':
      return `sum(${col})`;
    case 'AVG':
      return `avg(${col})`;
    case 'MIN':
      return `min(${col})`;
    case 'MAX':
      return `max(${col})`;
    case 'FIRST':
    case 'LAST':
      if (!order) throw new Error(`${aggregation.fn} needs a time column on '${table.name}' to order its rows`);
      return `${aggregation.fn === 'FIRST' ? 'arg_min' : 'arg_max'}(${col}, ${order})`;
    case 'LIST_DISTINCT':
      throw new Error('LIST_DISTINCT targets (link prediction) are not supported by the local engine yet');
  }
}

function requireTable(graph: LoadedGraph, name: string): LoadedTable {
  const table = graph.tables.get(name);
  if (!table) throw new Error(`the query names table '${name}', which the graph does not have`);
  return table;
}
