import { sqlIdent } from '../sourceScan';
import { PreviewQueryError, type BoundSql, type PreviewSchema } from './previewSql';

/** Neighbours asked for at most. */
export const MAX_NEIGHBOURS = 100;

/**
 * The `k` rows whose EMBEDDING is nearest (cosine similarity) to the embedding of the selected row (its
 * ENTITY as text and, for temporal outputs, its ANCHOR_TIMESTAMP), most similar first, the row itself left
 * out. One scan of the output; DuckDB keeps only the top k.
 */
export function neighboursQuery(schema: PreviewSchema, row: { entity: string; anchor?: string }, k: number): BoundSql {
  const has = (name: string) => schema.columns.some((c) => c.name === name && c.origin === 'output');
  if (!has('EMBEDDING') || !has('ENTITY'))
    throw new PreviewQueryError('nearest neighbours need an embeddings output (ENTITY, EMBEDDING)');
  if (!Number.isSafeInteger(k) || k < 1 || k > MAX_NEIGHBOURS)
    throw new PreviewQueryError(`ask for 1 to ${MAX_NEIGHBOURS} neighbours`);
  const params: (string | number)[] = [row.entity];
  const entity = sqlIdent('ENTITY');
  const embedding = sqlIdent('EMBEDDING');
  const temporal = has('ANCHOR_TIMESTAMP') && row.anchor !== undefined;
  const anchor = sqlIdent('ANCHOR_TIMESTAMP');
  const anchorParam = temporal ? `$${params.push(row.anchor!)}` : undefined;
  const isRow = (alias: string) =>
    `CAST(${alias}.${entity} AS VARCHAR) = $1` +
    (anchorParam ? ` AND ${alias}.${anchor} = CAST(${anchorParam} AS TIMESTAMP)` : '');
  const selected = isRow('t');
  const self = isRow('o');
  const limit = `$${params.push(k)}`;
  const sql =
    `WITH target AS (SELECT t.${embedding} AS v FROM ${schema.output} t WHERE ${selected} LIMIT 1) ` +
    `SELECT o.${entity} AS entity${has('ANCHOR_TIMESTAMP') ? `, o.${anchor} AS anchor` : ''}, ` +
    `list_cosine_similarity(o.${embedding}, target.v) AS similarity ` +
    `FROM ${schema.output} o, target WHERE NOT (${self}) ` +
    `ORDER BY similarity DESC NULLS LAST, o.${entity} LIMIT ${limit}`;
  return { sql, params };
}
