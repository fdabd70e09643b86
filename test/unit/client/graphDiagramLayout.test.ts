import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { diagramProblems, segmentCrossesBox, boxesOverlap } from '../../../client/graph/layout/diagramGeometry';
import { layoutDiagram, type DiagramLayout } from '../../../client/graph/layout/diagramLayout';
import { diagramInput, estimateText } from '../../../client/graph/layout/tableBoxes';
import type { GraphModelResult } from '../../../protocol/lspExtensions';
import { LspTestClient } from '../server/lspTestClient';

const elk = new ELK();
const F1 = path.join(__dirname, '..', '..', '..', 'examples', 'f1');

/** A generated schema: dimension tables, facts referencing 1-4 of them, a few chains and self-references. */
export function generatedGraph(tables: number, seed = 3): GraphModelResult {
  let state = seed;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const names = Array.from({ length: tables }, (_, i) => (i < tables / 4 ? `dim_${i}` : `fact_table_${i}`));
  const edges: GraphModelResult['edges'] = [];
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  names.forEach((name, i) => {
    if (i === 0) return;
    const count = name.startsWith('dim') ? (next() < 0.4 ? 1 : 0) : 1 + Math.floor(next() * 4);
    const targets = new Set<number>();
    for (let k = 0; k < count; k++) targets.add(Math.floor(next() * i));
    for (const t of targets)
      edges.push({ srcTable: name, fkey: `${names[t]}_id`, dstTable: names[t], uri: 'file:///g', range, problems: [] });
  });
  edges.push({ srcTable: names[3], fkey: 'parent_id', dstTable: names[3], uri: 'file:///g', range, problems: [] });
  return {
    v: 1,
    kind: 'graph',
    tables: names.map((name) => ({
      name,
      uri: 'file:///g',
      range,
      primaryKey: `${name}_id`,
      ...(name.startsWith('fact') ? { timeColumn: 'created_at' } : {}),
      problems: [],
    })),
    edges,
    missingTrainingTables: ['ghost_table'],
  };
}

async function layout(graph: GraphModelResult): Promise<DiagramLayout> {
  return layoutDiagram(elk, diagramInput(graph, estimateText));
}

describe('graph diagram layout (elkjs): labels never overlap, edges never cross a table', () => {
  let f1: GraphModelResult;
  let client: LspTestClient;
  before(async () => {
    const files: Record<string, string> = {};
    for (const name of ['f1.graph.yaml', 'driver-dnf.training.yaml'])
      files[name] = fs.readFileSync(path.join(F1, name), 'utf8');
    client = await LspTestClient.start({ files });
    const uri = client.open('driver-dnf.training.yaml');
    f1 = await client.request<GraphModelResult>('relgraph/graphModel', { v: 1, uri });
  });
  after(() => client?.dispose());

  it("draws the F1 training graph with the query's entity and target tables marked", async () => {
    assert.equal(f1.tables.length, 10);
    assert.equal(f1.edges.length, 14);
    assert.equal(f1.entityTable, 'drivers');
    assert.deepEqual(f1.targetTables, ['results']);
    const laid = await layout(f1);
    assert.equal(laid.tables.size, 10);
    assert.equal(laid.edges.length, 14);
    assert.ok(
      laid.edges.every((e) => e.points.length >= 2 && e.label),
      'every edge has a route and a label',
    );
    assert.deepEqual(diagramProblems(laid), []);
    // Referenced tables sit above the tables that reference them (edges point up, from key to table).
    const y = (name: string) => laid.tables.get(name)!.y;
    assert.ok(y('circuits') < y('races') && y('races') < y('results') && y('drivers') < y('results'));
  });

  it('lays out a generated 60-table graph (with a self-reference and a ghost) without overlaps or crossings', async () => {
    const graph = generatedGraph(60);
    const laid = await layout(graph);
    assert.equal(laid.tables.size, 61);
    assert.equal(laid.edges.length, graph.edges.length);
    assert.deepEqual(diagramProblems(laid), []);
    const boxes = [...laid.tables.values()];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) assert.ok(!boxesOverlap(boxes[i], boxes[j]), `tables ${i} and ${j}`);
  });

  it('skips edges to tables the graph does not have (their diagnostics say why)', async () => {
    const graph = generatedGraph(5);
    graph.edges.push({ ...graph.edges[0], dstTable: 'nowhere' });
    const laid = await layout(graph);
    assert.equal(laid.edges.length, graph.edges.length - 1);
  });
});

describe('diagram geometry checks', () => {
  const box = { x: 10, y: 10, width: 100, height: 50 };
  it('sees a segment through a box, not one along its border or outside it', () => {
    assert.equal(segmentCrossesBox({ x: 0, y: 30 }, { x: 200, y: 30 }, box), true);
    assert.equal(segmentCrossesBox({ x: 50, y: 0 }, { x: 50, y: 20 }, box), true);
    assert.equal(segmentCrossesBox({ x: 50, y: 0 }, { x: 50, y: 10 }, box), false, 'ends on the border');
    assert.equal(segmentCrossesBox({ x: 10, y: 0 }, { x: 10, y: 100 }, box), false, 'runs along the border');
    assert.equal(segmentCrossesBox({ x: 0, y: 0 }, { x: 5, y: 100 }, box), false);
  });
  it('finds overlapping labels and labels over tables', () => {
    const problems = diagramProblems({
      tables: new Map([['t', box]]),
      edges: [
        { index: 0, src: 'a', dst: 'b', points: [], label: { x: 200, y: 0, width: 30, height: 10 } },
        { index: 1, src: 'a', dst: 'b', points: [], label: { x: 220, y: 5, width: 30, height: 10 } },
        {
          index: 2,
          src: 'a',
          dst: 'b',
          points: [
            { x: 0, y: 30 },
            { x: 300, y: 30 },
          ],
          label: { x: 100, y: 50, width: 30, height: 10 },
        },
      ],
    });
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['labels-overlap', 'edge-crosses-table', 'label-over-table'],
    );
  });
});
