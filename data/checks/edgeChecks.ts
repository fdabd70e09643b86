import type { Dtype, EdgeSpec, GraphSpec, TableSpec } from '../../core/spec/SpecModel';
import { bitmapRange, num, type IntegerRange } from '../profileSql';
import { sqlIdent } from '../sourceScan';
import { duckDbTypeToDtype, dtypeFamily, isIntegerDtype } from '../typeMapping';
import type { DataCheckContext, TableState } from './DataCheckContext';
import { count, examples, percent } from './DiagnosticSink';
import { columnTypeKnown } from './knownTypes';
import { loadTable, profileTable } from './tableChecks';

/**
 * Edge checks: `edge-dtype-mismatch` (Kumo joins a foreign key to a primary key only within one type
 * family, numbers or strings) and `dangling-foreign-keys` (foreign-key values with no matching key).
 */
export async function checkEdges(ctx: DataCheckContext, graph: GraphSpec): Promise<void> {
  if (!ctx.ownsGraph(graph)) return;
  for (const edge of graph.edges) {
    const srcSpec = graph.tables.find((t) => t.name === edge.srcTable.value);
    const dstSpec = graph.tables.find((t) => t.name === edge.dstTable.value);
    const pk = dstSpec?.primaryKey?.value;
    if (!srcSpec || !dstSpec || pk === undefined) continue; // static validation reports these
    const src = await loadTable(ctx, graph, srcSpec);
    const dst = await loadTable(ctx, graph, dstSpec);
    const fkColumn = src.columns?.find((c) => c.name === edge.fkey.value);
    const pkColumn = dst.columns?.find((c) => c.name === pk);
    if (!fkColumn || !pkColumn) continue; // unreadable, or unknown-column already reported
    // A key read from a CSV without values has no type to compare (empty-table says why); nothing to join either.
    const srcProfile = await profileTable(ctx, src);
    const dstProfile = await profileTable(ctx, dst);
    if (!columnTypeKnown(srcSpec, srcProfile, fkColumn.name) || !columnTypeKnown(dstSpec, dstProfile, pk)) continue;
    const fkDtype = effectiveDtype(srcSpec, fkColumn.name, fkColumn.duckDbType);
    const pkDtype = effectiveDtype(dstSpec, pk, pkColumn.duckDbType);
    const fkFamily = dtypeFamily(fkDtype);
    const pkFamily = dtypeFamily(pkDtype);
    const keyFamilies = ['numeric', 'string'];
    if (fkFamily !== pkFamily || !keyFamilies.includes(fkFamily)) {
      ctx.sink.add(
        'edge-dtype-mismatch',
        `Foreign key ${srcSpec.name}.${fkColumn.name} is ${fkDtype} (${fkColumn.duckDbType}) but primary key ${dstSpec.name}.${pk} is ${pkDtype} (${pkColumn.duckDbType}): Kumo links keys only when both are numbers or both are strings. Read both as the same type, e.g. \`columns: {${fkColumn.name}: {dtype: ${pkFamily === 'string' ? 'string' : pkDtype}}}\` on '${srcSpec.name}' (${ctx.readNoteOf(src)}; ${ctx.readNoteOf(dst)}).`,
        ctx.at(graph, edge.fkey.range),
        {
          related: dstSpec.primaryKey
            ? [{ path: graph.path, range: dstSpec.primaryKey.range, message: 'the primary key' }]
            : [],
          data: { fkDtype, pkDtype },
        },
      );
      continue;
    }
    await checkDangling(ctx, edge, src, dst, fkColumn.name, pk, joinType(fkDtype, pkDtype));
  }
}

/** The dtype Kumo uses: the `columns:` override, or the one inferred from the physical type. */
export function effectiveDtype(table: TableSpec, column: string, duckDbType: string): Dtype {
  return table.columns.find((c) => c.name === column)?.dtype?.value ?? duckDbTypeToDtype(duckDbType);
}

/** Both keys cast to one type so the join compares like with like (an int key matches a float 3.0). */
function joinType(a: Dtype, b: Dtype): string {
  if (dtypeFamily(a) === 'string') return 'VARCHAR';
  return isIntegerDtype(a) && isIntegerDtype(b) ? 'BIGINT' : 'DOUBLE';
}

async function checkDangling(
  ctx: DataCheckContext,
  edge: EdgeSpec,
  src: TableState,
  dst: TableState,
  fk: string,
  pk: string,
  type: string,
): Promise<void> {
  const srcProfile = await profileTable(ctx, src);
  const dstProfile = await profileTable(ctx, dst);
  if (!srcProfile || !dstProfile || !src.source || !dst.source) return;
  if (srcProfile.rowCount === 0 || dstProfile.rowCount === 0) return; // empty-table says it
  const srcScan = ctx.profiler.scanOf(src.source);
  const dstScan = ctx.profiler.scanOf(dst.source);
  const pkStats = dstProfile.columns.find((c) => c.name === pk);
  const range = type === 'BIGINT' && pkStats ? bitmapRange(pkStats.min, pkStats.max, dstProfile.rowCount) : undefined;
  const sql = range
    ? danglingBitmapSql(srcScan, fk, dstScan, pk, range)
    : danglingJoinSql(srcScan, fk, dstScan, pk, type);
  const sources = [src.source, dst.source];
  const at = ctx.at(src.graph, edge.fkey.range);
  const what = `foreign-key check of ${edge.srcTable.value}.${fk} -> ${edge.dstTable.value}`;
  const outcome = await ctx.guard(what, at, () => ctx.profiler.query(sql, sources, ctx.signal));
  if (!outcome || 'error' in outcome) return; // a read error is reported by the table checks
  const row = outcome.rows[0] ?? {};
  const fkRows = num(row.fk_rows);
  const danglingRows = num(row.dangling_rows);
  const danglingValues = num(row.dangling_values);
  if (danglingRows === 0) return;
  const sample = [...new Set([row.ex_lo, row.ex_hi].filter((v) => v !== null && v !== undefined).map(String))];
  ctx.sink.add(
    'dangling-foreign-keys',
    `${count(danglingRows)} of ${count(fkRows)} ${edge.srcTable.value}.${fk} values (${percent(danglingRows, fkRows)}; ${count(danglingValues)} distinct) have no matching ${edge.dstTable.value}.${pk}${sample.length > 0 ? `, e.g. ${examples(sample)}` : ''}. Those rows are not linked to any ${edge.dstTable.value} row (${srcProfile.readNote}; ${dstProfile.readNote}).`,
    at,
    { data: { fkRows, danglingRows, danglingValues, examples: sample } },
  );
}

/**
 * Foreign-key values with no matching key, by a hash join; the smallest and largest unmatched value
 * serve as examples, so no second pass is needed to show some.
 */
function danglingJoinSql(srcScan: string, fk: string, dstScan: string, pk: string, type: string): string {
  const keys = `(SELECT DISTINCT ${sqlIdent(pk)}::${type} AS k FROM ${dstScan} WHERE ${sqlIdent(pk)} IS NOT NULL)`;
  const dangling = 'FILTER (WHERE p.k IS NULL)';
  return (
    `SELECT count(f.k) AS fk_rows, count(f.k) ${dangling} AS dangling_rows, count(DISTINCT f.k) ${dangling} AS dangling_values, ` +
    `min(f.k) ${dangling}::VARCHAR AS ex_lo, max(f.k) ${dangling}::VARCHAR AS ex_hi ` +
    `FROM (SELECT ${sqlIdent(fk)}::${type} AS k FROM ${srcScan}) f LEFT JOIN ${keys} p ON f.k = p.k`
  );
}

/** The same for integer keys in a bounded range: a bitmap of the keys instead of a hash table. */
function danglingBitmapSql(srcScan: string, fk: string, dstScan: string, pk: string, range: IntegerRange): string {
  const lo = `${range.lo}::BIGINT`;
  const hi = `${range.hi}::BIGINT`;
  const p = `${sqlIdent(pk)}::BIGINT`;
  const f = `${sqlIdent(fk)}::BIGINT`;
  // CASE, not OR: get_bit must never see an index outside the bitmap.
  const missing = `CASE WHEN k BETWEEN ${lo} AND ${hi} THEN get_bit(b.bm, (k - ${lo})::INTEGER) = 0 ELSE TRUE END`;
  const dangling = 'FILTER (WHERE dangling)';
  return (
    `WITH b AS (SELECT bitstring_agg(${p}, ${lo}, ${hi}) AS bm FROM ${dstScan} WHERE ${p} BETWEEN ${lo} AND ${hi}), ` +
    `f AS (SELECT k, ${missing} AS dangling FROM (SELECT ${f} AS k FROM ${srcScan} WHERE ${sqlIdent(fk)} IS NOT NULL), b) ` +
    `SELECT count(*) AS fk_rows, count(*) ${dangling} AS dangling_rows, count(DISTINCT k) ${dangling} AS dangling_values, ` +
    `min(k) ${dangling}::VARCHAR AS ex_lo, max(k) ${dangling}::VARCHAR AS ex_hi FROM f`
  );
}
