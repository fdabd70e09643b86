import { escapeHtml, type WebviewResources } from '../webviewResources';

/**
 * The predictions preview's page: the skeleton the bundled script (client/predictions/webview) fills in.
 * Its Content-Security-Policy allows only the extension's own script, styles and codicon font.
 */
export function previewPageHtml(title: string, resources: WebviewResources, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${resources.cspSource} 'nonce-${nonce}'; font-src ${resources.cspSource}; img-src ${resources.cspSource} data:; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${resources.codicons}">
<style nonce="${nonce}">
[hidden] { display: none !important; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 14px 14px; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; }
header h1 { font-size: 1.25em; margin: 12px 0 2px; }
header p { margin: 0; opacity: 0.8; word-break: break-all; flex: 1 1 300px; }
.actions { display: flex; gap: 6px; }
button.action { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 3px 10px; cursor: pointer; display: inline-flex; gap: 4px; align-items: center; }
button.action.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button.action:hover { background: var(--vscode-button-hoverBackground); }
#status { min-height: 1.3em; margin: 6px 0; }
#status.error, .error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
.warning { border-left: 3px solid var(--vscode-editorWarning-foreground, #bf8803); background: var(--vscode-inputValidation-warningBackground, rgba(191,136,3,0.12)); padding: 6px 10px; margin: 6px 0; }
.warning .codicon { color: var(--vscode-editorWarning-foreground, #bf8803); vertical-align: text-bottom; }
.note { opacity: 0.85; margin: 4px 0; }
#summary { display: flex; flex-wrap: wrap; gap: 10px 28px; align-items: flex-start; margin: 6px 0 10px; }
#facts { display: grid; grid-template-columns: auto auto; gap: 2px 12px; margin: 8px 0; }
#facts dt { opacity: 0.75; } #facts dd { margin: 0; font-variant-numeric: tabular-nums; }
.chart .bar { fill: var(--vscode-charts-blue, #3794ff); opacity: 0.85; }
.chart .bar:hover { opacity: 1; }
.chart .axis { stroke: var(--vscode-foreground); stroke-opacity: 0.4; }
.chart .tick { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.chart .mark line { stroke-width: 2; }
.chart .mark.threshold line { stroke: var(--vscode-charts-red, #f14c4c); }
.chart .mark.training line { stroke: var(--vscode-charts-green, #89d185); stroke-dasharray: 4 3; }
.chart .mark text { font-size: 10px; fill: var(--vscode-foreground); }
#pager { display: flex; gap: 6px; align-items: center; margin: 6px 0; }
#pager button { background: none; border: 1px solid transparent; color: var(--vscode-foreground); cursor: pointer; padding: 1px 4px; }
#pager button:disabled { opacity: 0.35; cursor: default; }
#pager button:not(:disabled):hover { background: var(--vscode-toolbar-hoverBackground); }
#range { min-width: 16em; font-variant-numeric: tabular-nums; }
select, input.filter { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); }
.grid { overflow: auto; max-height: 70vh; border-top: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); }
table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
th, td { padding: 2px 10px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); text-align: left; white-space: nowrap; }
thead th { position: sticky; background: var(--vscode-editor-background); z-index: 1; }
thead tr.names th { top: 0; } thead tr.filters th { top: 1.6em; padding-bottom: 4px; }
th button { all: unset; cursor: pointer; font-weight: bold; display: inline-flex; gap: 2px; align-items: center; }
th button:focus-visible, input.filter:focus { outline: 1px solid var(--vscode-focusBorder); }
th .unsortable { font-weight: bold; }
th.entity-col .name { font-style: italic; }
input.filter { width: 100%; min-width: 6em; box-sizing: border-box; font-size: 11px; padding: 1px 4px; }
input.filter.invalid { border-color: var(--vscode-inputValidation-errorBorder, #be1100); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.entity-col { color: var(--vscode-descriptionForeground); }
tbody tr:hover { background: var(--vscode-list-hoverBackground); }
tbody tr.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
body.busy tbody { opacity: 0.6; }
table.neighbours td { border: none; padding: 1px 8px; }
.simbar { display: inline-block; height: 8px; background: var(--vscode-charts-blue, #3794ff); }
</style></head>
<body>
<header><h1 id="title">${escapeHtml(title)}</h1><p id="caption"></p>
<div class="actions">
<button type="button" class="action primary" id="export" title="Write every row of this view (sorted and filtered) to a CSV file"><span class="codicon codicon-desktop-download"></span>Export CSV</button>
<button type="button" class="action" id="open-output" title="Open the output file, or reveal its folder"><span class="codicon codicon-go-to-file"></span>Open output</button>
<button type="button" class="action" id="reopen" hidden><span class="codicon codicon-refresh"></span>Try again</button>
</div></header>
<div id="status" role="status" aria-live="polite"></div>
<div id="warnings"></div>
<section id="summary" aria-label="Summary"><div id="chart"></div><dl id="facts"></dl><div id="neighbours" hidden></div></section>
<nav id="pager" aria-label="Pages">
<button type="button" id="first" title="First page" aria-label="First page"><span class="codicon codicon-chevron-left"></span><span class="codicon codicon-chevron-left"></span></button>
<button type="button" id="prev" title="Previous page" aria-label="Previous page"><span class="codicon codicon-chevron-left"></span></button>
<span id="range"></span>
<button type="button" id="next" title="Next page" aria-label="Next page"><span class="codicon codicon-chevron-right"></span></button>
<button type="button" id="last" title="Last page" aria-label="Last page"><span class="codicon codicon-chevron-right"></span><span class="codicon codicon-chevron-right"></span></button>
<select id="page-size" aria-label="Rows per page"></select>
</nav>
<div class="grid"><table id="rows"><thead></thead><tbody></tbody></table></div>
<script nonce="${nonce}" src="${resources.script}"></script>
</body></html>`;
}
