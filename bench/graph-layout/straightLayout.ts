import type { DiagramInput, DiagramLayout } from '../../client/graph/layout/diagramLayout';

/**
 * The peer: the diagram's former hand-written layout (removed from client/graph), kept here to measure against.
 * Layers by longest path to a table nothing references, referenced tables on top, eight boxes a row, one
 * barycenter pass; edges are straight lines from box to box with their label at the midpoint.
 */
export function straightLayout(input: DiagramInput): DiagramLayout {
  const names = input.tables.map((t) => t.name);
  const outgoing = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of input.edges)
    if (outgoing.has(e.src) && outgoing.has(e.dst) && e.src !== e.dst) outgoing.get(e.src)!.push(e.dst);
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
  names.forEach(visit);
  const byLayer: string[][] = [];
  for (const name of names) (byLayer[layer.get(name)!] ??= []).push(name);
  const rows = byLayer.flatMap((l) => {
    const out: string[][] = [];
    for (let i = 0; i < (l ?? []).length; i += 8) out.push(l.slice(i, i + 8));
    return out;
  });
  const size = new Map(input.tables.map((t) => [t.name, t]));
  const tables = new Map<string, { x: number; y: number; width: number; height: number }>();
  rows.forEach((row, r) =>
    row.forEach((name, i) =>
      tables.set(name, { x: 24 + i * 226, y: 24 + r * 128, width: 190, height: size.get(name)!.height }),
    ),
  );
  const edges = input.edges.flatMap((e) => {
    const a = tables.get(e.src);
    const b = tables.get(e.dst);
    if (!a || !b) return [];
    const p = { x: a.x + a.width / 2, y: a.y };
    const q = { x: b.x + b.width / 2, y: b.y + b.height };
    const label = {
      x: (p.x + q.x) / 2 + 4,
      y: (p.y + q.y) / 2 - e.labelHeight,
      width: e.labelWidth,
      height: e.labelHeight,
    };
    return [{ index: e.index, src: e.src, dst: e.dst, points: [p, q], label }];
  });
  return { width: 24 * 2 + 8 * 226, height: 24 * 2 + rows.length * 128, tables, edges };
}
