import { escapeHtml, type WebviewResources } from '../webviewResources';

/**
 * The graph diagram's page: a toolbar (zoom, fit), the scrollable drawing and the mini-map, filled in by
 * the bundled script (client/graph/webview). The policy allows the extension's own script, styles and
 * codicon font, and workers from blob URLs (ELK's layout worker) only.
 */
export function graphDiagramHtml(title: string, resources: WebviewResources, nonce: string): string {
  const csp = resources.cspSource;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${csp} 'nonce-${nonce}'; font-src ${csp}; script-src 'nonce-${nonce}'; worker-src blob:;">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${resources.codicons}">
<style nonce="${nonce}">
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); display: flex; flex-direction: column; overflow: hidden; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; padding: 6px 12px; font-size: 12px; white-space: nowrap; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); }
header #title { font-weight: 600; }
header #summary, header #status { opacity: 0.8; }
.toolbar { margin-left: auto; display: flex; align-items: center; gap: 2px; }
.toolbar button { background: none; border: none; color: var(--vscode-foreground); cursor: pointer; padding: 3px 5px; border-radius: 3px; display: inline-flex; }
.toolbar button:hover { background: var(--vscode-toolbar-hoverBackground); }
#zoom-level { min-width: 3.2em; text-align: center; font-variant-numeric: tabular-nums; }
.legend { display: flex; gap: 10px; align-items: center; opacity: 0.85; }
.legend .badge { position: static; }
#viewport { flex: 1; overflow: auto; position: relative; }
#stage { position: relative; }
#canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
#empty { padding: 8px 12px; opacity: 0.85; }
body.stale #canvas { opacity: 0.45; }
svg.edges { position: absolute; left: 0; top: 0; overflow: visible; }
.edge .line { fill: none; stroke: var(--vscode-foreground); stroke-opacity: 0.55; stroke-width: 1.4; }
.edge .hit { fill: none; stroke: transparent; stroke-width: 10; cursor: pointer; }
.edge:hover .line { stroke-opacity: 1; stroke-width: 2; }
marker path { fill: var(--vscode-foreground); fill-opacity: 0.7; }
.edge.error .line, .edge.untrained .line { stroke: var(--vscode-editorError-foreground, #e51400); stroke-opacity: 1; stroke-dasharray: 5 3; }
.edge.warning .line { stroke: var(--vscode-editorWarning-foreground, #bf8803); stroke-opacity: 1; }
.edge.info .line { stroke: var(--vscode-editorInfo-foreground, #3794ff); stroke-opacity: 1; }
.edge-label { position: absolute; box-sizing: border-box; font-size: 10px; line-height: 16px; text-align: center; white-space: nowrap; overflow: hidden; color: var(--vscode-descriptionForeground); background: var(--vscode-editor-background); border-radius: 3px; cursor: pointer; }
.edge-label.error { color: var(--vscode-editorError-foreground, #e51400); }
.edge-label.warning { color: var(--vscode-editorWarning-foreground, #bf8803); }
.table { position: absolute; box-sizing: border-box; padding: 0 10px; background: var(--vscode-editorWidget-background); border: 1.5px solid var(--vscode-editorWidget-border, #888); border-radius: 6px; cursor: pointer; overflow: hidden; }
.table:hover, .table:focus-visible { border-color: var(--vscode-focusBorder); outline: none; }
.table .head { height: 26px; display: flex; align-items: center; gap: 4px; white-space: nowrap; }
.table .name { font-weight: 600; font-size: 12px; overflow: hidden; text-overflow: ellipsis; }
.table .row { height: 18px; display: flex; align-items: center; font-size: 11px; color: var(--vscode-descriptionForeground); white-space: nowrap; }
.table .row .codicon { width: 18px; font-size: 13px; flex: none; }
.table .row.key .codicon { color: var(--vscode-charts-yellow, #cca700); }
.table .row.warning .codicon { color: var(--vscode-editorWarning-foreground, #bf8803); }
.badge { font-size: 10px; line-height: 14px; padding: 0 4px; border-radius: 7px; color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); }
.badge.entity { background: var(--vscode-charts-blue, #3794ff); color: #fff; }
.badge.target { background: var(--vscode-charts-purple, #b180d7); color: #fff; }
.badge.missing { background: transparent; color: var(--vscode-descriptionForeground); border: 1px dashed currentColor; }
.table.entity { border-color: var(--vscode-charts-blue, #3794ff); border-width: 2px; }
.table.target { border-color: var(--vscode-charts-purple, #b180d7); border-width: 2px; }
.table.error { border-color: var(--vscode-editorError-foreground, #e51400); border-width: 2.5px; }
.table.warning { border-color: var(--vscode-editorWarning-foreground, #bf8803); border-width: 2.5px; }
.table.info { border-color: var(--vscode-editorInfo-foreground, #3794ff); }
.table.untrained { border-style: dashed; }
.table.ghost { background: transparent; border-style: dashed; cursor: default; opacity: 0.8; }
.measure { position: absolute; left: -10000px; top: 0; visibility: hidden; }
.measure .table, .measure .edge-label { position: static; display: inline-block; width: auto; height: auto; padding: 0; border: none; }
.measure .name, .measure .row span { overflow: visible; }
#minimap { position: absolute; right: 14px; bottom: 14px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-editorWidget-border, #888); border-radius: 4px; opacity: 0.92; cursor: pointer; }
</style></head>
<body>
<header>
<span id="title">${escapeHtml(title)}</span><span id="summary"></span><span id="status" role="status"></span>
<span class="legend" id="legend" hidden><span class="badge entity">entity</span><span class="badge target">target</span></span>
<span class="toolbar">
<button type="button" id="zoom-out" title="Zoom out (Ctrl+-)" aria-label="Zoom out"><span class="codicon codicon-zoom-out"></span></button>
<span id="zoom-level">100%</span>
<button type="button" id="zoom-in" title="Zoom in (Ctrl+=)" aria-label="Zoom in"><span class="codicon codicon-zoom-in"></span></button>
<button type="button" id="zoom-reset" title="Actual size (Ctrl+0)" aria-label="Actual size"><span class="codicon codicon-screen-normal"></span></button>
<button type="button" id="zoom-fit" title="Fit the whole graph" aria-label="Fit"><span class="codicon codicon-screen-full"></span></button>
</span>
</header>
<div id="empty" hidden></div>
<div id="viewport"><div id="stage"><div id="canvas"></div></div></div>
<canvas id="minimap" hidden aria-label="Mini-map: click to move the view"></canvas>
<script nonce="${nonce}" src="${resources.script}"></script>
</body></html>`;
}
