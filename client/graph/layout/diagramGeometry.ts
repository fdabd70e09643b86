import type { Box, DiagramLayout, Point } from './diagramLayout';

/**
 * The checks a readable diagram passes, as geometry (the unit tests run them on layouts, the e2e test on
 * the boxes the browser drew): no two edge labels overlap, and no edge segment passes through a table box
 * (an edge may only touch its own tables' borders, where it starts and ends).
 */
export interface DiagramProblem {
  kind: 'labels-overlap' | 'edge-crosses-table' | 'label-over-table';
  detail: string;
}

/** Boxes closer than this are not counted as overlapping (rounding of the drawn pixels). */
const EPSILON = 0.5;

export function boxesOverlap(a: Box, b: Box, epsilon = EPSILON): boolean {
  return (
    a.x + epsilon < b.x + b.width &&
    b.x + epsilon < a.x + a.width &&
    a.y + epsilon < b.y + b.height &&
    b.y + epsilon < a.y + a.height
  );
}

/** Whether the segment p-q passes through the inside of the box (its border shrunk by epsilon). */
export function segmentCrossesBox(p: Point, q: Point, box: Box, epsilon = EPSILON): boolean {
  const inner = {
    x0: box.x + epsilon,
    y0: box.y + epsilon,
    x1: box.x + box.width - epsilon,
    y1: box.y + box.height - epsilon,
  };
  if (inner.x0 >= inner.x1 || inner.y0 >= inner.y1) return false;
  // Liang-Barsky clipping of the segment against the inner rectangle.
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const edges: [number, number][] = [
    [-dx, p.x - inner.x0],
    [dx, inner.x1 - p.x],
    [-dy, p.y - inner.y0],
    [dy, inner.y1 - p.y],
  ];
  for (const [pk, qk] of edges) {
    if (pk === 0) {
      if (qk <= 0) return false;
    } else {
      const t = qk / pk;
      if (pk < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 >= t1) return false;
    }
  }
  return t1 - t0 > 1e-9;
}

export function diagramProblems(layout: Pick<DiagramLayout, 'tables' | 'edges'>): DiagramProblem[] {
  const problems: DiagramProblem[] = [];
  const labelled = layout.edges.filter((e) => e.label);
  for (let i = 0; i < labelled.length; i++) {
    for (let j = i + 1; j < labelled.length; j++) {
      if (boxesOverlap(labelled[i].label!, labelled[j].label!))
        problems.push({ kind: 'labels-overlap', detail: `edge ${labelled[i].index} and edge ${labelled[j].index}` });
    }
  }
  for (const edge of layout.edges) {
    for (let k = 0; k + 1 < edge.points.length; k++) {
      for (const [name, box] of layout.tables) {
        if (segmentCrossesBox(edge.points[k], edge.points[k + 1], box))
          problems.push({
            kind: 'edge-crosses-table',
            detail: `edge ${edge.index} (${edge.src} -> ${edge.dst}) segment ${k} crosses ${name}`,
          });
      }
    }
    if (edge.label) {
      for (const [name, box] of layout.tables) {
        if (boxesOverlap(edge.label, box))
          problems.push({ kind: 'label-over-table', detail: `edge ${edge.index}'s label covers ${name}` });
      }
    }
  }
  return problems;
}
