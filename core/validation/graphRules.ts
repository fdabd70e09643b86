import * as path from 'node:path';
import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import type { SpecHost } from '../host/SpecHost';
import type { GraphSpec } from '../spec/SpecModel';
import { closestMatch, didYouMean } from '../text/didYouMean';
import { diagnostic } from './diagnosticFactory';

/** Structural checks of one graph that need no data: edge ends, duplicate edges, key roles, sources that exist. */
export function checkGraph(graph: GraphSpec, host: SpecHost): SpecDiagnostic[] {
  const diagnostics: SpecDiagnostic[] = [];
  const tables = new Map(graph.tables.map((t) => [t.name, t]));
  const names = [...tables.keys()];

  for (const table of graph.tables) {
    if (!table.source || !table.sourcePath) continue;
    if (host.resolveSource(table.sourcePath, 1).length === 0) {
      const relative = path.relative(path.dirname(graph.path), table.sourcePath) || table.source.value;
      diagnostics.push(
        diagnostic(
          'file-not-found',
          `Source of table '${table.name}' not found: no file matches '${relative}' (paths are relative to ${path.basename(graph.path)}).`,
          table.source.range,
          { data: { table: table.name } },
        ),
      );
    }
  }

  const seen = new Map<string, number>();
  for (const edge of graph.edges) {
    const src = tables.get(edge.srcTable.value);
    const dst = tables.get(edge.dstTable.value);
    for (const end of [edge.srcTable, edge.dstTable]) {
      // With `tables` unreadable (the schema says why) every edge end would look unknown.
      if (!tables.has(end.value) && !graph.broken?.tables) {
        diagnostics.push(
          diagnostic(
            'unknown-table',
            `Edge refers to table '${end.value}', which is not in this graph's tables.${didYouMean(end.value, names)}`,
            end.range,
            { data: { table: end.value, suggestion: closestMatch(end.value, names) } },
          ),
        );
      }
    }
    const key = `${edge.srcTable.value}\u0000${edge.fkey.value}\u0000${edge.dstTable.value}`;
    const first = seen.get(key);
    if (first !== undefined) {
      diagnostics.push(
        diagnostic(
          'duplicate-edge',
          `Duplicate edge ${edge.srcTable.value}.${edge.fkey.value} -> ${edge.dstTable.value} (the same edge is item ${first + 1} of 'edges').`,
          edge.range,
        ),
      );
    } else {
      seen.set(key, edge.index);
    }
    if (src?.primaryKey && src.primaryKey.value === edge.fkey.value) {
      diagnostics.push(
        diagnostic(
          'edge-fkey-is-primary-key',
          `'${edge.fkey.value}' is the primary key of '${src.name}', so it cannot also be its foreign key. Is the edge reversed? (src_table holds the foreign key, dst_table the primary key.)`,
          edge.fkey.range,
        ),
      );
    }
    if (dst && !dst.primaryKey && !dst.malformed) {
      diagnostics.push(
        diagnostic(
          'edge-dst-no-primary-key',
          `Edge points to '${dst.name}', which has no primary_key: set 'primary_key' on '${dst.name}' (the column '${edge.fkey.value}' references).`,
          edge.dstTable.range,
          { data: { table: dst.name, fkey: edge.fkey.value } },
        ),
      );
    }
  }
  return diagnostics;
}
