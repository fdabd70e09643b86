import { isKeyLike } from './columnRoles';
import type { FeatureDef, FeatureGroup, PathStep } from './FeaturePlan';
import type { LoadedColumn, LoadedGraph, LoadedTable } from './GraphTables';

/**
 * For a path child C -> dimension parent P (a parent without time column: a team, a store), the
 * recent activity of the parent the entity is with now (its latest C row's P): every timed child S
 * of P aggregated over finite windows. Pooling all of P's rows estimates what P brings (a team's
 * reliability, a store's traffic) better than the entity's own few rows. The wide counterpart of the
 * compact `current_parent` family, which replays only the query's target over P's rows.
 *
 * `shareVocabulary` gives the values worth a share feature (none for high-cardinality columns);
 * `isUsable` rules out excluded columns and keys; `isAffiliation` keeps only parents entities stay with.
 */
export async function latestParentGroups(
  graph: LoadedGraph,
  path: PathStep[],
  prefix: string,
  options: { windowsDays: number[]; statWindowsDays: number[] },
  shareVocabulary: (table: LoadedTable, col: LoadedColumn) => Promise<string[]>,
  isUsable: (table: LoadedTable, col: LoadedColumn) => boolean,
  isAffiliation: (fact: string, entityKey: string, parentKey: string) => Promise<boolean>,
): Promise<FeatureGroup[]> {
  if (path.length !== 2 || path[0].direction !== 'child' || path[1].direction !== 'parent') return [];
  const child = graph.tables.get(path[0].table);
  const parent = graph.tables.get(path[1].table);
  if (!child?.timeColumn || !parent || parent.timeColumn || !parent.primaryKey) return [];
  if (!(await isAffiliation(child.name, path[0].fkey, path[1].fkey))) return [];
  const groups: FeatureGroup[] = [];
  for (const edge of graph.edges.filter((e) => e.dstTable === parent.name)) {
    const events = graph.tables.get(edge.srcTable);
    if (!events?.timeColumn) continue;
    const fullPath: PathStep[] = [...path, { table: events.name, direction: 'child', fkey: edge.fkey }];
    const base = `${prefix}(latest)>${events.name}${events.name === child.name && edge.fkey !== path[1].fkey ? `(${edge.fkey})` : ''}`;
    const features: FeatureDef[] = [];
    const add = (f: Omit<FeatureDef, 'step'>) => features.push({ ...f, step: 3 });
    for (const w of options.windowsDays)
      add({ name: `${base}.count_${w}d`, kind: 'numeric', op: 'count', windowDays: w });
    for (const col of events.columns) {
      if (!isUsable(events, col) || col.name === edge.fkey) continue;
      if (col.name === events.timeColumn || col.name === events.endTimeColumn) continue;
      if (col.stype === 'numerical' && !isKeyLike(graph, events, col)) {
        for (const w of options.windowsDays) {
          add({ name: `${base}.${col.name}.mean_${w}d`, kind: 'numeric', op: 'mean', column: col.name, windowDays: w });
        }
      } else {
        for (const category of await shareVocabulary(events, col)) {
          for (const w of options.statWindowsDays) {
            const name = `${base}.${col.name}=${category}.share_${w}d`;
            add({ name, kind: 'numeric', op: 'category_share', column: col.name, windowDays: w, category });
          }
        }
      }
    }
    groups.push({
      kind: 'aggregate',
      family: 'latest_parent',
      path: fullPath,
      eventStep: 3,
      through: 'latest',
      features,
    });
  }
  return groups;
}
