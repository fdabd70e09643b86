import type { PredictionPreviewMessage } from '../../protocol/webviewMessages';
import { compareCells, displayCell, isNumericColumn, type PredictionRows } from './predictionRows';

export interface PredictionPreview {
  /** The spec name of the job. */
  title: string;
  jobId: string;
  outputType: 'predictions' | 'embeddings';
  /** Where the output is (a file, or the folder of its parts). */
  artifactPath: string;
  /** Rows in the whole output, when the job record says. */
  totalRows?: number;
  data: PredictionRows;
}

/**
 * The preview page: one self-contained HTML document with a strict Content-Security-Policy (nothing
 * loads from anywhere; the one script and the one style block carry the nonce). The table is rendered
 * here, so it reads without scripts; the script only reorders rows when a column header is clicked,
 * using compareCells' own source so the page sorts exactly as the tested function does.
 */
export function predictionPreviewHtml(preview: PredictionPreview, nonce: string): string {
  const { columns, rows } = preview.data;
  const numeric = columns.map((c) => isNumericColumn(rows, c));
  const shown =
    preview.totalRows !== undefined && preview.totalRows > rows.length
      ? `first ${rows.length} of ${preview.totalRows} rows`
      : `${rows.length} row${rows.length === 1 ? '' : 's'}`;
  const header = columns
    .map(
      (c, j) =>
        `<th aria-sort="none"${numeric[j] ? ' class="num"' : ''}><button type="button" data-col="${j}" title="Sort by ${escapeHtml(c)}">${escapeHtml(c)}<span class="arrow"></span></button></th>`,
    )
    .join('');
  const body = rows
    .map(
      (row, i) =>
        `<tr data-row="${i}">${columns
          .map((c, j) => `<td${numeric[j] ? ' class="num"' : ''}>${escapeHtml(displayCell(row[c]))}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const data = rows.map((row) => columns.map((c) => row[c] ?? null));
  const table =
    rows.length === 0
      ? '<p class="empty">The output has no rows.</p>'
      : `<table><thead><tr>${header}</tr></thead><tbody>\n${body}\n</tbody></table>`;
  return page(
    nonce,
    `${preview.title}: ${preview.outputType}`,
    `<header><h1>${escapeHtml(preview.title)}: ${escapeHtml(preview.outputType)}</h1>
<p>${escapeHtml(preview.jobId)} · ${shown} · ${escapeHtml(preview.artifactPath)}</p></header>
<p class="actions"><button type="button" id="open-output">Open the whole output</button></p>
${table}
<script type="application/json" id="rows">${scriptJson(data)}</script>
<script nonce="${nonce}">
(() => {
  const vscode = acquireVsCodeApi();
  // The one message this page sends (protocol/webviewMessages.ts: PredictionPreviewMessage).
  const openOutput = ${scriptJson({ type: 'openOutput' } satisfies PredictionPreviewMessage)};
  document.getElementById('open-output').addEventListener('click', () => vscode.postMessage(openOutput));
  const compare = (${compareCells.toString()});
  const data = JSON.parse(document.getElementById('rows').textContent);
  const tbody = document.querySelector('tbody');
  if (!tbody) return;
  const rows = Array.from(tbody.rows);
  let column = -1;
  let descending = false;
  for (const button of document.querySelectorAll('th button')) {
    button.addEventListener('click', () => {
      const col = Number(button.dataset.col);
      descending = col === column ? !descending : false;
      column = col;
      const order = data.map((_, i) => i).sort((i, j) => compare(data[i][col], data[j][col], descending) || i - j);
      tbody.replaceChildren(...order.map((i) => rows[i]));
      for (const th of document.querySelectorAll('th')) th.setAttribute('aria-sort', 'none');
      button.parentElement.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    });
  }
})();
</script>`,
  );
}

/** A page with one message: the loading and error states of the preview panel. */
export function previewMessageHtml(title: string, message: string, nonce: string, isError = false): string {
  return page(nonce, title, `<p class="${isError ? 'error' : 'message'}">${escapeHtml(message)}</p>`);
}

function page(nonce: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 12px; }
header h1 { font-size: 1.2em; margin: 12px 0 2px; }
header p { margin: 0 0 10px; opacity: 0.8; word-break: break-all; }
table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
th, td { padding: 2px 10px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: var(--vscode-editor-background); }
th button { all: unset; cursor: pointer; font-weight: bold; }
th button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
th[aria-sort="ascending"] .arrow::after { content: " ▲"; }
th[aria-sort="descending"] .arrow::after { content: " ▼"; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: var(--vscode-list-hoverBackground); }
.error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
.message, .empty { opacity: 0.8; }
.actions button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 3px 10px; cursor: pointer; }
.actions button:hover { background: var(--vscode-button-hoverBackground); }
</style></head>
<body>
${body}
</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element: no `</script>` or `<!--` can close or confuse it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
