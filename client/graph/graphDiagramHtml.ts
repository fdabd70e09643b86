import type { GraphModelProblem, GraphModelResult } from '../../protocol/lspExtensions';
import { layoutGraph, type NodeBox } from './graphLayout';

/**
 * The diagram as one self-contained HTML page: an SVG of tables and edges laid out by graphLayout,
 * with problems painted on (red/yellow outlines, a tooltip listing them), training tables the inference
 * graph lacks drawn as dashed ghosts, and a click on a table posting `reveal` to jump to its YAML.
 */
export function graphDiagramHtml(model: GraphModelResult, title: string, nonce: string, cspSource: string): string {
  const ghosts = model.missingTrainingTables;
  const layout = layoutGraph({
    nodes: [...model.tables.map((t) => t.name), ...ghosts],
    edges: model.edges.map((e) => ({ src: e.srcTable, dst: e.dstTable })),
  });
  const edges = model.edges
    .map((edge, index) => {
      const from = layout.nodes.get(edge.srcTable);
      const to = layout.nodes.get(edge.dstTable);
      if (!from || !to) return '';
      const [x1, y1, x2, y2] = [from.x + from.width / 2, from.y, to.x + to.width / 2, to.y + to.height];
      const severity = worst(edge.problems);
      const classes = ['edge', severity ?? '', edge.inTraining === false ? 'untrained' : ''].join(' ').trim();
      const tooltip = [
        `${edge.srcTable}.${edge.fkey} -> ${edge.dstTable}`,
        ...describe(edge.problems),
        edge.inTraining === false ? 'not in the training graph' : '',
      ];
      return `<g class="${classes}" data-edge="${index}"><title>${escape(tooltip.filter(Boolean).join('\n'))}</title>
<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#arrow)"/>
<text x="${(x1 + x2) / 2 + 4}" y="${(y1 + y2) / 2}">${escape(edge.fkey)}</text></g>`;
    })
    .join('\n');
  const tables = model.tables
    .map((table, index) => {
      const box = layout.nodes.get(table.name)!;
      const severity = worst(table.problems);
      const classes = ['table', severity ?? '', table.inTraining === false ? 'untrained' : ''].join(' ').trim();
      const facts = [
        table.primaryKey ? `🔑 ${table.primaryKey}` : 'no primary key',
        table.timeColumn ? `⏱ ${table.timeColumn}` : '',
      ]
        .filter(Boolean)
        .join('  ');
      const tooltip = [
        table.source ?? '',
        ...describe(table.problems),
        table.inTraining === false ? 'not in the training graph' : '',
      ];
      return node(box, classes, table.name, facts, tooltip, `data-table="${index}"`);
    })
    .join('\n');
  const ghostNodes = ghosts
    .map((name) =>
      node(
        layout.nodes.get(name)!,
        'table ghost',
        name,
        'missing: in the training graph',
        ['The training graph has this table; this inference graph does not.'],
        '',
      ),
    )
    .join('\n');
  const targets = scriptJson(model.tables.map((t) => ({ uri: t.uri, range: t.range })));
  const edgeTargets = scriptJson(model.edges.map((e) => ({ uri: e.uri, range: e.range })));
  const summary = `${model.tables.length} tables, ${model.edges.length} edges${ghosts.length ? `, ${ghosts.length} training tables missing` : ''}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<title>${escape(title)}</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); margin: 0; padding: 8px 12px; }
header { font-size: 12px; opacity: 0.8; margin-bottom: 6px; }
svg { font-size: 12px; }
.table rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-editorWidget-border, #888); stroke-width: 1.5; rx: 6; cursor: pointer; }
.table.error rect { stroke: var(--vscode-editorError-foreground, #e51400); stroke-width: 2.5; }
.table.warning rect { stroke: var(--vscode-editorWarning-foreground, #bf8803); stroke-width: 2.5; }
.table.ghost rect { stroke-dasharray: 6 4; fill: transparent; cursor: default; }
.table.untrained rect { stroke-dasharray: 3 3; }
.table .name { font-weight: bold; fill: var(--vscode-foreground); }
.table .facts { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.edge line { stroke: var(--vscode-foreground); stroke-opacity: 0.55; stroke-width: 1.3; }
.edge.error line, .edge.untrained line { stroke: var(--vscode-editorError-foreground, #e51400); stroke-dasharray: 5 3; stroke-opacity: 1; }
.edge.warning line { stroke: var(--vscode-editorWarning-foreground, #bf8803); stroke-opacity: 1; }
.edge text { fill: var(--vscode-descriptionForeground); font-size: 10px; cursor: pointer; }
</style></head>
<body><header>${escape(title)}: ${escape(summary)}. Click a table to open its definition.</header>
<svg id="diagram" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${escape(summary)}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor"/></marker></defs>
${edges}
${tables}
${ghostNodes}
</svg>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const tables = ${targets};
const edges = ${edgeTargets};
document.getElementById('diagram').addEventListener('click', (event) => {
  const table = event.target.closest('[data-table]');
  const edge = event.target.closest('[data-edge]');
  const target = table ? tables[Number(table.dataset.table)] : edge ? edges[Number(edge.dataset.edge)] : undefined;
  if (target) vscode.postMessage({ type: 'reveal', uri: target.uri, range: target.range });
});
</script></body></html>`;
}

function node(box: NodeBox, classes: string, name: string, facts: string, tooltip: string[], data: string): string {
  return `<g class="${classes}" ${data}><title>${escape(tooltip.filter(Boolean).join('\n'))}</title>
<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}"/>
<text class="name" x="${box.x + 10}" y="${box.y + 22}">${escape(truncate(name, 24))}</text>
<text class="facts" x="${box.x + 10}" y="${box.y + 42}">${escape(truncate(facts, 30))}</text></g>`;
}

function worst(problems: GraphModelProblem[]): 'error' | 'warning' | undefined {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  if (problems.some((p) => p.severity === 'warning')) return 'warning';
  return undefined;
}

function describe(problems: GraphModelProblem[]): string[] {
  return problems.map((p) => `${p.severity} ${p.code}: ${p.message}`);
}

/** JSON safe inside a <script> element (no `</script>` can end it early). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
