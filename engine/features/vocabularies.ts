import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import type { LoadedColumn, LoadedGraph, LoadedTable } from './GraphTables';

/** A column's most frequent values (seen at least twice) and how many distinct values it has in all. */
export interface Vocabulary {
  values: string[];
  distinctCount: number;
}

/** Reads (and caches) a column's most frequent values, as DuckDB prints them. */
export class VocabularyReader {
  private readonly cache = new Map<string, Vocabulary>();

  constructor(
    private readonly session: DuckDbSession,
    private readonly options: { maxCategories: number; vocabularyCutoff?: string },
    private readonly signal?: AbortSignal,
  ) {}

  async read(table: LoadedTable, col: LoadedColumn): Promise<string[]> {
    return (await this.describe(table, col)).values;
  }

  /**
   * The vocabulary and the distinct count (rows up to the cutoff). Per-value counts and shares are only worth
   * their features for columns with few distinct values; see deriveFeaturePlan.
   */
  async describe(table: LoadedTable, col: LoadedColumn): Promise<Vocabulary> {
    const key = `${table.name}\u0000${col.name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const value = `CAST(${sqlIdent(col.name)} AS VARCHAR)`;
    const conditions = [`${sqlIdent(col.name)} IS NOT NULL`];
    if (this.options.vocabularyCutoff && table.timeColumn) {
      conditions.push(
        `${sqlIdent(table.timeColumn)} <= CAST(${sqlString(this.options.vocabularyCutoff)} AS TIMESTAMP)`,
      );
    }
    // Ties in frequency are broken by value, so the vocabulary (and the model) is the same on every run.
    const rows = await this.session.rows(
      `WITH c AS (SELECT ${value} AS v, count(*) AS n FROM ${sqlIdent(table.relation)} WHERE ${conditions.join(' AND ')} ` +
        `GROUP BY v) SELECT v, n, (SELECT count(*) FROM c) AS d FROM c WHERE n >= 2 ` +
        `ORDER BY n DESC, v LIMIT ${this.options.maxCategories}`,
      this.signal,
    );
    const vocabulary = { values: rows.map((r) => String(r.v)), distinctCount: rows.length > 0 ? Number(rows[0].d) : 0 };
    this.cache.set(key, vocabulary);
    return vocabulary;
  }
}

/** Foreign keys of a table, by column. */
export function foreignKeys(graph: LoadedGraph, table: string): Map<string, string> {
  return new Map(graph.edges.filter((e) => e.srcTable === table).map((e) => [e.fkey, e.dstTable]));
}

/**
 * A foreign key to a table without a time column points at a dimension (a status, a country, a
 * team): its values behave like categories. A key to a timed table (an order, a race) identifies
 * one event and would only make noise as a category.
 */
export function isDimensionKey(graph: LoadedGraph, table: string, col: string): boolean {
  const target = foreignKeys(graph, table).get(col);
  return !!target && !graph.tables.get(target)?.timeColumn;
}
