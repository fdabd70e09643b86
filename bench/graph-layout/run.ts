/**
 * Graph diagram layout bench: `npx tsx bench/graph-layout/run.ts`.
 * ELK (elkjs 0.12.1, layered, orthogonal routing, the diagram's own options) on the F1 training graph's shape and on
 * generated 60- and 200-table graphs, three runs each, run inline in this Node process: that is what the layout
 * would cost the extension host, whose one thread also serves every other extension (elkjs without a Web Worker runs
 * synchronously inside its promise). The diagram runs it in a Web Worker of its webview instead; the e2e test prints
 * the same layouts' time there. The peer is the hand-written layered layout the diagram had before (straight lines
 * between stacked rows, in bench/graph-layout/straightLayout.ts): faster, and it fails the readability checks.
 */
import { performance } from 'node:perf_hooks';
import ELK from 'elkjs/lib/elk.bundled.js';
import { diagramProblems } from '../../client/graph/layout/diagramGeometry';
import { layoutDiagram } from '../../client/graph/layout/diagramLayout';
import { diagramInput, estimateText } from '../../client/graph/layout/tableBoxes';
import type { GraphModelResult } from '../../protocol/lspExtensions';
import { straightLayout } from './straightLayout';

/** A schema of `tables` tables: a quarter dimensions, facts referencing 1-4 tables before them. */
function generatedGraph(tables: number, seed = 3): GraphModelResult {
  let state = seed;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const names = Array.from({ length: tables }, (_, i) => (i < tables / 4 ? `dim_${i}` : `fact_table_${i}`));
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const edges: GraphModelResult['edges'] = [];
  names.forEach((name, i) => {
    if (i === 0) return;
    const count = name.startsWith('dim') ? (next() < 0.4 ? 1 : 0) : 1 + Math.floor(next() * 4);
    const targets = new Set<number>();
    for (let k = 0; k < count; k++) targets.add(Math.floor(next() * i));
    for (const t of targets)
      edges.push({ srcTable: name, fkey: `${names[t]}_id`, dstTable: names[t], uri: 'file:///g', range, problems: [] });
  });
  return {
    v: 1,
    tables: names.map((name) => ({ name, uri: 'file:///g', range, primaryKey: `${name}_id`, problems: [] })),
    edges,
    missingTrainingTables: [],
  };
}

const F1_EDGES: [string, string, string][] = [
  ['races', 'circuitId', 'circuits'],
  ['results', 'raceId', 'races'],
  ['results', 'driverId', 'drivers'],
  ['results', 'constructorId', 'constructors'],
  ['results', 'statusId', 'status'],
  ['standings', 'raceId', 'races'],
  ['standings', 'driverId', 'drivers'],
  ['constructor_results', 'raceId', 'races'],
  ['constructor_results', 'constructorId', 'constructors'],
  ['constructor_standings', 'raceId', 'races'],
  ['constructor_standings', 'constructorId', 'constructors'],
  ['qualifying', 'raceId', 'races'],
  ['qualifying', 'driverId', 'drivers'],
  ['qualifying', 'constructorId', 'constructors'],
];

function f1Graph(): GraphModelResult {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const names = [...new Set(F1_EDGES.flatMap(([s, , d]) => [s, d]))];
  return {
    v: 1,
    tables: names.map((name) => ({ name, uri: 'file:///f1', range, primaryKey: `${name}Id`, problems: [] })),
    edges: F1_EDGES.map(([srcTable, fkey, dstTable]) => ({
      srcTable,
      fkey,
      dstTable,
      uri: 'file:///f1',
      range,
      problems: [],
    })),
    missingTrainingTables: [],
    entityTable: 'drivers',
    targetTables: ['results'],
  };
}

async function main(): Promise<void> {
  const elk = new ELK();
  console.log('graph layout bench: ELK inline in Node (what the extension host would block for), median of 3');
  for (const [name, graph] of [
    ['F1 (10 tables, 14 edges)', f1Graph()],
    ['generated 60 tables', generatedGraph(60)],
    ['generated 200 tables', generatedGraph(200)],
  ] as const) {
    const input = diagramInput(graph, estimateText);
    const times: number[] = [];
    let problems = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const layout = await layoutDiagram(elk, input);
      times.push(performance.now() - started);
      problems = diagramProblems(layout).length;
    }
    const peerStarted = performance.now();
    const peer = straightLayout(input);
    const peerMs = performance.now() - peerStarted;
    const median = times.sort((a, b) => a - b)[1];
    console.log(
      `  ${name.padEnd(26)} ELK ${median.toFixed(0).padStart(6)} ms (${input.edges.length} edges), problems ${problems}` +
        `   peer (hand-written, straight lines) ${peerMs.toFixed(1)} ms, problems ${diagramProblems(peer).length}`,
    );
  }
}

void main();
