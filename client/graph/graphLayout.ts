/**
 * A layered layout for the graph diagram, without libraries: referenced tables (dimensions) on top, the
 * tables that reference them below, so every edge points upwards from foreign key to primary key.
 * Pure functions: the panel renders what this returns, and the unit tests check it.
 */
export interface LayoutInput {
  nodes: string[];
  edges: { src: string; dst: string }[];
}

export interface NodeBox {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

export interface Layout {
  nodes: Map<string, NodeBox>;
  width: number;
  height: number;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 58;
const H_GAP = 36;
const V_GAP = 70;
const MARGIN = 24;
/** Wide layers wrap into rows, so a 200-table graph stays readable instead of 40,000 pixels wide. */
const MAX_PER_ROW = 8;

export function layoutGraph(input: LayoutInput): Layout {
  const names = [...new Set(input.nodes)];
  const known = new Set(names);
  const outgoing = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const edge of input.edges) {
    if (known.has(edge.src) && known.has(edge.dst) && edge.src !== edge.dst) outgoing.get(edge.src)!.push(edge.dst);
  }
  const layers = assignLayers(names, outgoing);
  const byLayer: string[][] = [];
  for (const name of names) (byLayer[layers.get(name)!] ??= []).push(name);

  // One barycenter pass: place each table under the tables it references, to shorten edges.
  const column = new Map<string, number>();
  const ordered = byLayer.map((layer, index) => {
    const sorted = [...(layer ?? [])].sort((a, b) => {
      if (index === 0) return a.localeCompare(b);
      return barycenter(a, outgoing, column) - barycenter(b, outgoing, column) || a.localeCompare(b);
    });
    sorted.forEach((name, i) => column.set(name, i));
    return sorted;
  });

  const rows = ordered.flatMap((layer, layerIndex) => chunk(layer, MAX_PER_ROW).map((row) => ({ row, layerIndex })));
  const widest = Math.max(1, ...rows.map((r) => r.row.length));
  const width = MARGIN * 2 + widest * NODE_WIDTH + (widest - 1) * H_GAP;
  const nodes = new Map<string, NodeBox>();
  rows.forEach(({ row, layerIndex }, rowIndex) => {
    const rowWidth = row.length * NODE_WIDTH + (row.length - 1) * H_GAP;
    const left = (width - rowWidth) / 2;
    row.forEach((name, i) => {
      nodes.set(name, {
        name,
        x: left + i * (NODE_WIDTH + H_GAP),
        y: MARGIN + rowIndex * (NODE_HEIGHT + V_GAP),
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        layer: layerIndex,
      });
    });
  });
  const height = MARGIN * 2 + rows.length * NODE_HEIGHT + Math.max(0, rows.length - 1) * V_GAP;
  return { nodes, width, height };
}

/** Longest path to a table with no outgoing edge; edges closing a cycle are ignored. */
function assignLayers(names: string[], outgoing: Map<string, string[]>): Map<string, number> {
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (name: string): number => {
    const done = layer.get(name);
    if (done !== undefined) return done;
    if (visiting.has(name)) return -1;
    visiting.add(name);
    let depth = 0;
    for (const dst of outgoing.get(name) ?? []) depth = Math.max(depth, visit(dst) + 1);
    visiting.delete(name);
    layer.set(name, depth);
    return depth;
  };
  for (const name of names) visit(name);
  return layer;
}

function barycenter(name: string, outgoing: Map<string, string[]>, column: Map<string, number>): number {
  const positions = (outgoing.get(name) ?? [])
    .map((dst) => column.get(dst))
    .filter((c): c is number => c !== undefined);
  return positions.length ? positions.reduce((a, b) => a + b, 0) / positions.length : Number.MAX_SAFE_INTEGER;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [];
}
