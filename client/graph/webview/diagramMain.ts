/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The graph diagram page (bundled by esbuild for the webview): lays out the server's graph model with ELK
// in a worker and draws it; a new model (an edit) is laid out again only when tables or edges changed, and
// zoom and scroll stay as the user left them. Every message is typed in protocol/webviewMessages.ts.
import type { GraphModelProblem, GraphModelResult } from '../../../protocol/lspExtensions';
import type { GraphDiagramHostMessage, GraphDiagramMessage } from '../../../protocol/webviewMessages';
import { layoutDiagram, type DiagramLayout, type DiagramInput } from '../layout/diagramLayout';
import { diagramInput, estimateText, tableRows, type MeasureText } from '../layout/tableBoxes';
import { createElk } from './elkWorker';
import { MiniMap } from './miniMap';
import { ZoomController } from './zoomController';

declare function acquireVsCodeApi(): {
  postMessage(message: GraphDiagramMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
};

interface SavedState {
  zoom: number;
  left: number;
  top: number;
}

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const viewport = $('viewport');
const canvas = $('canvas');
const zoom = new ZoomController(viewport, $('stage'), canvas);
const miniMap = new MiniMap($<HTMLCanvasElement>('minimap'), zoom);
const elk = createElk();
const SVG = 'http://www.w3.org/2000/svg';

let layout: DiagramLayout | undefined;
let layoutKey = '';
let laying = false;
let pending: GraphModelResult | undefined;
let firstLayout = !vscode.getState();

zoom.onDidChange(() => {
  vscode.setState({ zoom: zoom.zoom, left: zoom.scroll.left, top: zoom.scroll.top } satisfies SavedState);
  $('zoom-level').textContent = `${Math.round(zoom.zoom * 100)}%`;
});

/**
 * Text widths measured by the page itself, in hidden elements styled exactly as the boxes and labels
 * (`.table .name`, `.table .row`, `.edge-label`), so a box is as wide as what it shows.
 */
const measure: MeasureText = (() => {
  const host = document.createElement('div');
  host.className = 'measure';
  host.setAttribute('aria-hidden', 'true');
  host.innerHTML =
    '<div class="table"><div class="head"><span class="name"></span></div><div class="row"><span></span></div></div>' +
    '<div class="edge-label"></div>';
  document.body.append(host);
  const spans = {
    name: host.querySelector<HTMLElement>('.name')!,
    row: host.querySelector<HTMLElement>('.row span')!,
    label: host.querySelector<HTMLElement>('.edge-label')!,
  };
  const cache = new Map<string, number>();
  return (text, font) => {
    const key = `${font}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      spans[font].textContent = text;
      width = spans[font].getBoundingClientRect().width || estimateText(text, font);
      cache.set(key, width);
    }
    return width;
  };
})();

async function show(model: GraphModelResult, title: string): Promise<void> {
  $('title').textContent = title;
  if (laying) {
    pending = model;
    return;
  }
  const input = diagramInput(model, measure);
  const key = JSON.stringify(input);
  if (key !== layoutKey || !layout) {
    laying = true;
    $('status').textContent = `Laying out ${input.tables.length} tables…`;
    const started = performance.now();
    try {
      layout = await layoutDiagram(elk, input);
      layoutKey = key;
      const ms = Math.round(performance.now() - started);
      document.body.dataset.layoutMs = String(ms);
      $('status').textContent = `laid out in ${ms} ms`;
    } catch (error) {
      $('status').textContent = `The layout failed: ${error instanceof Error ? error.message : String(error)}`;
      laying = false;
      return;
    }
    laying = false;
  }
  render(model, layout, input);
  if (pending) {
    const next = pending;
    pending = undefined;
    await show(next, $('title').textContent ?? '');
  }
}

function render(model: GraphModelResult, laid: DiagramLayout, input: DiagramInput): void {
  const saved = vscode.getState() as SavedState | undefined;
  zoom.setSize(laid.width, laid.height);
  canvas.style.width = `${laid.width}px`;
  canvas.style.height = `${laid.height}px`;
  canvas.replaceChildren(edgesSvg(model, laid), ...tableBoxes(model, laid), ...edgeLabels(model, laid));
  $('legend').hidden = !model.entityTable;
  const ghosts = model.missingTrainingTables.length;
  $('summary').textContent =
    `${model.tables.length} tables, ${model.edges.length} edges` +
    (ghosts ? `, ${ghosts} training table${ghosts === 1 ? '' : 's'} missing` : '') +
    (model.trainingLabel ? ` · checked against ${model.trainingLabel}` : '');
  const severities = new Map<string, string>();
  for (const t of model.tables) {
    const s = worst(t.problems);
    if (s) severities.set(t.name, s);
  }
  miniMap.show(laid, input.tables.length, severities);
  if (firstLayout) {
    firstLayout = false;
    if (laid.width > viewport.clientWidth || laid.height > viewport.clientHeight) zoom.fit();
    else zoom.reset();
  } else if (saved) zoom.restore(saved.zoom, saved.left, saved.top);
}

function edgesSvg(model: GraphModelResult, laid: DiagramLayout): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(laid.width));
  svg.setAttribute('height', String(laid.height));
  svg.setAttribute('class', 'edges');
  svg.innerHTML =
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">' +
    '<path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>';
  for (const edge of laid.edges) {
    const data = model.edges[edge.index];
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
    const group = document.createElementNS(SVG, 'g');
    group.setAttribute(
      'class',
      ['edge', worst(data.problems) ?? '', data.inTraining === false ? 'untrained' : ''].join(' ').trim(),
    );
    group.dataset.edge = String(edge.index);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = tooltip(`${data.srcTable}.${data.fkey} → ${data.dstTable}`, data.problems, data.inTraining);
    const hit = document.createElementNS(SVG, 'path');
    hit.setAttribute('d', d);
    hit.setAttribute('class', 'hit');
    const line = document.createElementNS(SVG, 'path');
    line.setAttribute('d', d);
    line.setAttribute('class', 'line');
    line.setAttribute('marker-end', 'url(#arrow)');
    line.dataset.points = JSON.stringify(edge.points);
    group.append(title, hit, line);
    svg.append(group);
  }
  return svg;
}

/**
 * Problems of edges that cannot be drawn (an end is not a table of the graph), painted on the table the
 * edge leaves from: the diagnostic then still shows where the user looks.
 */
function undrawnEdgeProblems(model: GraphModelResult, laid: DiagramLayout): Map<string, GraphModelProblem[]> {
  const drawn = new Set(laid.edges.map((e) => e.index));
  const byTable = new Map<string, GraphModelProblem[]>();
  model.edges.forEach((edge, index) => {
    if (drawn.has(index) || !laid.tables.has(edge.srcTable)) return;
    const label = `edge ${edge.srcTable}.${edge.fkey} -> ${edge.dstTable}`;
    const problems = edge.problems.length
      ? edge.problems.map((p) => ({ ...p, message: `${label}: ${p.message}` }))
      : [
          {
            severity: 'warning' as const,
            code: 'edge',
            message: `${label}: ${edge.dstTable} is not a table of this graph`,
          },
        ];
    byTable.set(edge.srcTable, [...(byTable.get(edge.srcTable) ?? []), ...problems]);
  });
  return byTable;
}

function tableBoxes(model: GraphModelResult, laid: DiagramLayout): HTMLElement[] {
  const targets = new Set(model.targetTables ?? []);
  const edgeProblems = undrawnEdgeProblems(model, laid);
  const all = [
    ...model.tables.map((t) => ({ table: t, ghost: false })),
    ...model.missingTrainingTables
      .filter((name) => !model.tables.some((t) => t.name === name))
      .map((name) => ({
        table: { name, problems: [] as GraphModelProblem[] } as GraphModelResult['tables'][number],
        ghost: true,
      })),
  ];
  return all.flatMap(({ table: declared, ghost }) => {
    const box = laid.tables.get(declared.name);
    if (!box) return [];
    const table = { ...declared, problems: [...declared.problems, ...(edgeProblems.get(declared.name) ?? [])] };
    const roles = { entity: table.name === model.entityTable, target: targets.has(table.name), ghost };
    const { badges, rows } = tableRows(table, roles);
    const el = document.createElement('div');
    el.className = [
      'table',
      ghost ? 'ghost' : '',
      roles.entity ? 'entity' : '',
      roles.target ? 'target' : '',
      worst(table.problems) ?? '',
      table.inTraining === false ? 'untrained' : '',
    ]
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    place(el, box);
    el.dataset.table = table.name;
    if (!ghost) {
      el.tabIndex = 0;
      el.setAttribute('role', 'button');
    }
    el.title = ghost
      ? 'The training graph has this table; this inference graph does not.'
      : tooltip(table.source ?? table.name, table.problems, table.inTraining);
    const head = document.createElement('div');
    head.className = 'head';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = table.name;
    head.append(name);
    for (const badge of badges) {
      const chip = document.createElement('span');
      chip.className = `badge ${badge}`;
      chip.textContent = badge;
      head.append(chip);
    }
    el.append(head);
    for (const row of rows) {
      const line = document.createElement('div');
      line.className = `row ${row.icon}`;
      const icon = document.createElement('span');
      icon.className = `codicon codicon-${row.icon}`;
      const text = document.createElement('span');
      text.textContent = row.text;
      line.append(icon, text);
      el.append(line);
    }
    return [el];
  });
}

function edgeLabels(model: GraphModelResult, laid: DiagramLayout): HTMLElement[] {
  return laid.edges.flatMap((edge) => {
    if (!edge.label) return [];
    const data = model.edges[edge.index];
    const el = document.createElement('div');
    el.className = ['edge-label', worst(data.problems) ?? ''].join(' ').trim();
    place(el, edge.label);
    el.dataset.edge = String(edge.index);
    el.textContent = data.fkey;
    el.title = tooltip(`${data.srcTable}.${data.fkey} → ${data.dstTable}`, data.problems, data.inTraining);
    return [el];
  });
}

/** Positions through the CSSOM (allowed by the page's policy, unlike style attributes). */
function place(el: HTMLElement, box: { x: number; y: number; width: number; height: number }): void {
  el.style.left = `${box.x}px`;
  el.style.top = `${box.y}px`;
  el.style.width = `${box.width}px`;
  el.style.height = `${box.height}px`;
}

function worst(problems: GraphModelProblem[]): 'error' | 'warning' | 'info' | undefined {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  if (problems.some((p) => p.severity === 'warning')) return 'warning';
  if (problems.length > 0) return 'info';
  return undefined;
}

function tooltip(head: string, problems: GraphModelProblem[], inTraining?: boolean): string {
  return [
    head,
    ...problems.map((p) => `${p.severity} ${p.code}: ${p.message}`),
    inTraining === false ? 'not in the training graph' : '',
  ]
    .filter(Boolean)
    .join('\n');
}

canvas.addEventListener('click', (event) => {
  const target = event.target as Element;
  const table = target.closest<HTMLElement>('.table:not(.ghost)');
  const edge = target.closest<Element>('[data-edge]');
  if (table?.dataset.table) vscode.postMessage({ type: 'reveal', what: 'table', name: table.dataset.table });
  else if (edge instanceof HTMLElement || edge instanceof SVGElement)
    vscode.postMessage({ type: 'reveal', what: 'edge', index: Number(edge.dataset.edge) });
});
canvas.addEventListener('keydown', (event) => {
  const table = (event.target as HTMLElement).closest<HTMLElement>('.table');
  if (event.key === 'Enter' && table?.dataset.table)
    vscode.postMessage({ type: 'reveal', what: 'table', name: table.dataset.table });
});
$('zoom-in').addEventListener('click', () => zoom.zoomIn());
$('zoom-out').addEventListener('click', () => zoom.zoomOut());
$('zoom-fit').addEventListener('click', () => zoom.fit());
$('zoom-reset').addEventListener('click', () => zoom.reset());
document.addEventListener('keydown', (event) => {
  if (!(event.ctrlKey || event.metaKey)) return;
  if (event.key === '=' || event.key === '+') zoom.zoomIn();
  else if (event.key === '-') zoom.zoomOut();
  else if (event.key === '0') zoom.reset();
  else return;
  event.preventDefault();
});

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as GraphDiagramHostMessage;
  if (message.type === 'model') {
    $('empty').hidden = true;
    document.body.classList.remove('stale');
    void show(message.model.graph, message.model.title);
  } else if (message.type === 'empty') {
    // Mid-edit the spec may not parse: the last drawing stays (dimmed), so the view does not jump while typing.
    $('empty').hidden = false;
    $('empty').textContent = layout ? `${message.message} Showing the last graph.` : message.message;
    document.body.classList.toggle('stale', layout !== undefined);
  }
});
const saved = vscode.getState() as SavedState | undefined;
if (saved) zoom.restore(saved.zoom, saved.left, saved.top);
vscode.postMessage({ type: 'ready' });
