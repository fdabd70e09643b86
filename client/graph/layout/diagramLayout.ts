import type { ElkExtendedEdge, ElkNode, ELK, LayoutOptions } from 'elkjs/lib/elk-api';

/**
 * The graph diagram's layout, by ELK's layered algorithm (elkjs): referenced tables (dimensions) on top,
 * the tables that reference them below, edges routed orthogonally around the boxes, edge labels placed by
 * ELK as their own layout items so they overlap neither each other nor a box. Pure apart from the ELK
 * instance it is given: the webview passes one running in a Web Worker, the tests one running inline, and
 * both lay out the same input the same way.
 */
export interface DiagramInput {
  tables: { name: string; width: number; height: number }[];
  /** Edges by index (the diagram's edge index); an edge whose ends are not both tables is not drawn. */
  edges: { index: number; src: string; dst: string; label: string; labelWidth: number; labelHeight: number }[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramLayout {
  width: number;
  height: number;
  tables: Map<string, Box>;
  /** Each drawn edge: its route (start, bends, end) and its label's box. */
  edges: { index: number; src: string; dst: string; points: Point[]; label?: Box }[];
}

/** Room around the drawing. */
export const MARGIN = 24;

/** ELK's settings: spacing that keeps labels readable, fewer sweeps on big graphs (time grows fast). */
export function layoutOptions(tables: number): LayoutOptions {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'UP',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.edgeLabels.placement': 'CENTER',
    'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
    'elk.spacing.nodeNode': '36',
    'elk.layered.spacing.nodeNodeBetweenLayers': '56',
    'elk.layered.spacing.edgeNodeBetweenLayers': '20',
    'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
    'elk.spacing.edgeNode': '18',
    'elk.spacing.edgeEdge': '12',
    'elk.spacing.edgeLabel': '4',
    'elk.spacing.labelLabel': '4',
    'elk.spacing.componentComponent': '48',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.layered.thoroughness': tables > 60 ? '2' : '7',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
  };
}

export async function layoutDiagram(elk: ELK, input: DiagramInput): Promise<DiagramLayout> {
  const names = new Set(input.tables.map((t) => t.name));
  const ids = new Map(input.tables.map((t, i) => [t.name, `t${i}`]));
  const drawn = input.edges.filter((e) => names.has(e.src) && names.has(e.dst));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: layoutOptions(input.tables.length),
    children: input.tables.map((t) => ({ id: ids.get(t.name)!, width: t.width, height: t.height })),
    edges: drawn.map(
      (e): ElkExtendedEdge => ({
        id: `e${e.index}`,
        sources: [ids.get(e.src)!],
        targets: [ids.get(e.dst)!],
        labels: [{ id: `l${e.index}`, text: e.label, width: e.labelWidth, height: e.labelHeight }],
      }),
    ),
  };
  const result = await elk.layout(graph);
  const tables = new Map<string, Box>();
  input.tables.forEach((t, i) => {
    const node = result.children?.find((c) => c.id === `t${i}`);
    tables.set(t.name, { x: node?.x ?? 0, y: node?.y ?? 0, width: t.width, height: t.height });
  });
  const edges = drawn.map((e) => {
    const laid = (result.edges as ElkExtendedEdge[] | undefined)?.find((r) => r.id === `e${e.index}`);
    const points: Point[] = [];
    for (const section of laid?.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    const label = laid?.labels?.[0];
    return {
      index: e.index,
      src: e.src,
      dst: e.dst,
      points: dedupe(points),
      ...(label && label.x !== undefined
        ? {
            label: {
              x: label.x,
              y: label.y ?? 0,
              width: label.width ?? e.labelWidth,
              height: label.height ?? e.labelHeight,
            },
          }
        : {}),
    };
  });
  return { width: result.width ?? 0, height: result.height ?? 0, tables, edges };
}

function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}
