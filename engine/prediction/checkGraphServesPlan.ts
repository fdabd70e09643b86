import type { LoadedGraph } from '../features/GraphTables';
import type { FeaturePlan } from '../features/FeaturePlan';

/**
 * The inference graph's tables stand in for the training graph's by name. Before any feature is
 * built, this checks that every table, key and column the model's feature plan reads exists in the
 * inference graph, and names the first few that do not (a DuckDB binder error would not say which
 * spec to fix).
 */
export function checkGraphServesPlan(graph: LoadedGraph, plan: FeaturePlan, graphPath: string): void {
  const problems: string[] = [];
  const need = (table: string, column: string | undefined, why: string) => {
    const loaded = graph.tables.get(table);
    if (!loaded) {
      problems.push(`table '${table}' (${why})`);
      return;
    }
    if (column && !loaded.columns.some((c) => c.name === column)) problems.push(`column '${table}.${column}' (${why})`);
  };
  need(plan.entityTable, plan.entityKey, 'the entity key');
  for (const group of plan.groups) {
    const tables = [plan.entityTable, ...group.path.map((s) => s.table)];
    group.path.forEach((step, i) => {
      need(step.direction === 'child' ? step.table : tables[i], step.fkey, 'a foreign key the model joins on');
    });
    for (const feature of group.features) {
      if (feature.column) need(tables[feature.step], feature.column, `feature ${feature.name}`);
    }
  }
  const unique = [...new Set(problems)];
  if (unique.length > 0) {
    const shown = unique.slice(0, 5).join('; ') + (unique.length > 5 ? `; and ${unique.length - 5} more` : '');
    throw new Error(
      `the inference graph ${graphPath} lacks what the model was trained on: ${shown}. ` +
        `Its tables must have the training graph's names and columns`,
    );
  }
}
