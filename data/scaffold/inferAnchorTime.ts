import type { PredictiveQuery } from '../../core/pql/ast';
import { targetFactTables } from '../../core/pql/queryAnalysis';
import type { InferredAnchorTime } from '../../core/scaffold/predictionSpecText';
import type { GraphSpec } from '../../core/spec/SpecModel';
import type { DataValidator } from '../DataValidator';

/**
 * The anchor time a temporal prediction on `graph` gets when its spec leaves it out: Kumo's default,
 * the latest time-column value in the target's fact tables (read from the table profiles the data
 * checks use, so validating the new spec afterwards costs no second scan).
 */
export async function inferAnchorTime(
  validator: DataValidator,
  graph: GraphSpec,
  query: PredictiveQuery,
  signal?: AbortSignal,
): Promise<InferredAnchorTime> {
  let latest: { ms: number; time: string } | undefined;
  const columns: string[] = [];
  const problems: string[] = [];
  for (const name of targetFactTables(query)) {
    const table = graph.tables.find((t) => t.name === name);
    if (!table?.timeColumn) {
      problems.push(`table '${name}' has no time column in ${graph.path}`);
      continue;
    }
    const profile = await validator.profileTable(table, signal, { graph });
    const time = profile?.timeColumns.find((t) => t.column === table.timeColumn?.value);
    if (!time || time.maxMs === undefined || !time.max) {
      problems.push(`the times of ${name}.${table.timeColumn.value} could not be read`);
      continue;
    }
    columns.push(`${name}.${time.column}`);
    if (!latest || time.maxMs > latest.ms) latest = { ms: time.maxMs, time: time.max };
  }
  if (!latest) return { problem: problems.join('; ') || 'the query has no windowed target' };
  return { time: latest.time, columns: columns.join(', ') };
}
