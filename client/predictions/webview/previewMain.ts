/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The predictions preview page (bundled by esbuild for the webview). It asks the extension for pages,
// summaries and neighbours of the current view (protocol/webviewMessages.ts) and renders the answers;
// every query runs in the language server over the whole output, so sorting and filtering are never
// limited to the rows on screen.
import type { PreviewColumn, PreviewFilter, PreviewSummary, PreviewView } from '../../../protocol/outputPreview';
import type { PredictionPreviewHostMessage, PredictionPreviewMessage } from '../../../protocol/webviewMessages';
import { cellKey, cellText, count } from './cellText';
import { filterPlaceholder, filterText, parseFilterText } from './filterText';
import { escapeXml, summaryChart, summaryFacts } from './summaryChart';

declare function acquireVsCodeApi(): {
  postMessage(message: PredictionPreviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
};

interface PageState {
  view: PreviewView;
  offset: number;
  pageSize: number;
}

const vscode = acquireVsCodeApi();
const PAGE_SIZES = [50, 100, 500];
const saved = vscode.getState() as PageState | undefined;
const state: PageState = saved ?? { view: { filters: [] }, offset: 0, pageSize: 100 };
let columns: PreviewColumn[] = [];
let artifact: 'predictions' | 'embeddings' = 'predictions';
let total = 0;
let allRows = 0;
let requestId = 0;
const latest = { page: -1, stats: -1, neighbours: -1 };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const post = (message: PredictionPreviewMessage) => vscode.postMessage(message);

function save(): void {
  vscode.setState(state);
}

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  const status = $('status');
  status.textContent = text;
  status.className = kind;
}

function requestPage(): void {
  latest.page = ++requestId;
  document.body.classList.add('busy');
  post({ type: 'page', id: latest.page, view: state.view, offset: state.offset, limit: state.pageSize });
  save();
}

function requestStats(): void {
  latest.stats = ++requestId;
  post({ type: 'stats', id: latest.stats, view: state.view });
}

/** The header: a sort button per column (not for lists) and a filter box under it. */
function renderHeader(): void {
  const head = $('rows').querySelector('thead')!;
  const names = columns
    .map((c, i) => {
      const sorted = state.view.sort?.column === c.name;
      const aria = sorted ? (state.view.sort!.descending ? 'descending' : 'ascending') : 'none';
      const label = `<span class="name">${escapeXml(c.name)}</span><span class="arrow codicon ${
        sorted ? (state.view.sort!.descending ? 'codicon-arrow-down' : 'codicon-arrow-up') : ''
      }"></span>`;
      const title = `${c.name}: ${c.sqlType}${c.origin === 'entity' ? ' (entity table)' : ''}`;
      const inner =
        c.kind === 'list'
          ? `<span class="unsortable" title="${escapeXml(title)}">${label}</span>`
          : `<button type="button" data-col="${i}" title="${escapeXml(`Sort the whole output by ${title}`)}">${label}</button>`;
      return `<th aria-sort="${aria}" class="${classes(c)}" data-name="${escapeXml(c.name)}">${inner}</th>`;
    })
    .join('');
  const filters = columns
    .map((c, i) => {
      const current = state.view.filters.find((f) => f.column === c.name);
      return (
        `<th class="${classes(c)}"><input type="text" class="filter" data-col="${i}" spellcheck="false" ` +
        `aria-label="Filter ${escapeXml(c.name)}" placeholder="${escapeXml(filterPlaceholder(c.kind))}" ` +
        `value="${escapeXml(current ? filterText(current) : '')}"></th>`
      );
    })
    .join('');
  head.innerHTML = `<tr class="names">${names}</tr><tr class="filters">${filters}</tr>`;
}

function classes(column: PreviewColumn): string {
  return [column.kind === 'number' ? 'num' : '', column.origin === 'entity' ? 'entity-col' : ''].join(' ').trim();
}

function renderSummary(summary: PreviewSummary | undefined, filtered: boolean): void {
  if (!summary) return;
  $('chart').innerHTML = summaryChart(summary);
  const facts = summaryFacts(summary);
  $('facts').innerHTML =
    (filtered ? '<dt>of</dt><dd>the filtered rows</dd>' : '') +
    facts.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('');
}

function renderPager(): void {
  const first = total === 0 ? 0 : state.offset + 1;
  const last = Math.min(state.offset + state.pageSize, total);
  const of = total === allRows ? `${count(total)}` : `${count(total)} (filtered from ${count(allRows)})`;
  $('range').textContent = `Rows ${count(first)}–${count(last)} of ${of}`;
  ($('first') as HTMLButtonElement).disabled = state.offset === 0;
  ($('prev') as HTMLButtonElement).disabled = state.offset === 0;
  ($('next') as HTMLButtonElement).disabled = state.offset + state.pageSize >= total;
  ($('last') as HTMLButtonElement).disabled = state.offset + state.pageSize >= total;
}

function onHostMessage(message: PredictionPreviewHostMessage): void {
  switch (message.type) {
    case 'loading':
      setStatus(message.message);
      return;
    case 'opened': {
      const { result } = message;
      $('title').textContent = `${message.title}: ${message.artifact}`;
      artifact = message.artifact;
      if (result.error || !result.session) {
        document.body.classList.remove('busy');
        setStatus(result.error ?? 'The preview could not open.', 'error');
        $('reopen').hidden = false;
        return;
      }
      $('reopen').hidden = true;
      columns = result.columns;
      allRows = result.totalRows;
      // A view saved by an earlier page may name columns the output no longer has.
      const known = new Set(columns.map((c) => c.name));
      state.view = {
        ...(state.view.sort && known.has(state.view.sort.column) ? { sort: state.view.sort } : {}),
        filters: state.view.filters.filter((f) => known.has(f.column)),
      };
      $('caption').textContent = `${message.jobRef} · ${count(result.totalRows)} rows · ${result.readFrom}`;
      const notes = [
        ...result.warnings.map(
          (w) => `<p class="warning"><span class="codicon codicon-warning"></span> ${escapeXml(w)}</p>`,
        ),
        result.entity
          ? `<p class="note"><span class="codicon codicon-link"></span> Joined ${escapeXml(result.entity.table)} on ENTITY = ${escapeXml(
              `${result.entity.table}.${result.entity.key}`,
            )}: ${result.entity.columns.length} columns.</p>`
          : '',
        result.entityProblem
          ? `<p class="note"><span class="codicon codicon-info"></span> No entity columns: ${escapeXml(result.entityProblem)}</p>`
          : '',
      ];
      $('warnings').innerHTML = notes.join('');
      $('neighbours').hidden = artifact !== 'embeddings';
      if (artifact === 'embeddings')
        $('neighbours').innerHTML =
          '<p class="note">Click a row to list the entities nearest to it (cosine similarity).</p>';
      renderSummary(result.summary, false);
      renderHeader();
      setStatus('');
      requestPage();
      if (state.view.filters.length > 0) requestStats();
      return;
    }
    case 'page': {
      if (message.id !== latest.page) return; // a newer page was asked for since
      document.body.classList.remove('busy');
      const { result } = message;
      if (result.error) {
        setStatus(result.error, 'error');
        return;
      }
      setStatus('');
      total = result.total;
      const body = $('rows').querySelector('tbody')!;
      body.innerHTML = result.rows
        .map(
          (row, r) =>
            `<tr data-row="${r}">${row
              .map(
                (cell, i) =>
                  `<td class="${classes(columns[i])}${cell === null ? ' empty' : ''}">${escapeXml(cellText(cell))}</td>`,
              )
              .join('')}</tr>`,
        )
        .join('');
      body.dataset.rows = JSON.stringify(result.rows.map((row) => rowKey(row)));
      renderPager();
      return;
    }
    case 'stats':
      if (message.id !== latest.stats) return;
      if (message.result.error) setStatus(message.result.error, 'error');
      else renderSummary(message.result.summary, state.view.filters.length > 0);
      return;
    case 'neighbours': {
      if (message.id !== latest.neighbours) return;
      const panel = $('neighbours');
      if (message.result.error) {
        panel.innerHTML = `<p class="error">${escapeXml(message.result.error)}</p>`;
        return;
      }
      const rows = message.result.neighbours
        .map(
          (n) =>
            `<tr><td>${escapeXml(cellText(n.entity))}</td>${n.anchor !== undefined ? `<td>${escapeXml(cellText(n.anchor))}</td>` : ''}` +
            `<td class="num">${n.similarity.toFixed(4)}</td><td><span class="simbar" style="width:${Math.max(0, n.similarity) * 80}px"></span></td></tr>`,
        )
        .join('');
      panel.querySelector('table')?.remove();
      panel.insertAdjacentHTML('beforeend', `<table class="neighbours"><tbody>${rows}</tbody></table>`);
      return;
    }
    case 'exported':
      setStatus(message.message, message.error ? 'error' : 'info');
      return;
  }
}

/** What names a row for a neighbour query: its ENTITY and, when present, its anchor time. */
function rowKey(row: unknown[]): { entity?: string; anchor?: string } {
  const at = (name: string) => columns.findIndex((c) => c.name === name);
  const entity = at('ENTITY') >= 0 ? cellKey(row[at('ENTITY')] as never) : undefined;
  const anchor = at('ANCHOR_TIMESTAMP') >= 0 ? cellKey(row[at('ANCHOR_TIMESTAMP')] as never) : undefined;
  return { ...(entity !== undefined ? { entity } : {}), ...(anchor !== undefined ? { anchor } : {}) };
}

function applyFilter(input: HTMLInputElement): void {
  const column = columns[Number(input.dataset.col)];
  if (!column) return;
  const parsed = parseFilterText(column.name, column.kind, input.value);
  if ('error' in parsed) {
    input.classList.add('invalid');
    input.title = parsed.error;
    setStatus(`${column.name}: ${parsed.error}`, 'error');
    return;
  }
  input.classList.remove('invalid');
  input.title = '';
  const others: PreviewFilter[] = state.view.filters.filter((f) => f.column !== column.name);
  const filters = 'filter' in parsed ? [...others, parsed.filter] : others;
  if (JSON.stringify(filters) === JSON.stringify(state.view.filters)) return;
  state.view = { ...state.view, filters };
  state.offset = 0;
  requestPage();
  requestStats();
}

window.addEventListener('message', (event: MessageEvent) => onHostMessage(event.data as PredictionPreviewHostMessage));

document.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const sort = target.closest<HTMLButtonElement>('thead tr.names button[data-col]');
  if (sort) {
    const column = columns[Number(sort.dataset.col)];
    const current = state.view.sort;
    // Scores are read from the top: numbers sort descending first, text ascending.
    const descending = current?.column === column.name ? !current.descending : column.kind === 'number';
    state.view = { ...state.view, sort: { column: column.name, descending } };
    state.offset = 0;
    renderHeader();
    requestPage();
    return;
  }
  const row = target.closest<HTMLTableRowElement>('#rows tbody tr');
  if (row && artifact === 'embeddings') {
    const keys = JSON.parse($('rows').querySelector('tbody')!.dataset.rows ?? '[]') as ReturnType<typeof rowKey>[];
    const key = keys[Number(row.dataset.row)];
    if (!key?.entity) return;
    for (const r of document.querySelectorAll('#rows tbody tr.selected')) r.classList.remove('selected');
    row.classList.add('selected');
    latest.neighbours = ++requestId;
    $('neighbours').innerHTML =
      `<p class="note">Nearest to ENTITY ${escapeXml(key.entity)}${key.anchor ? ` at ${escapeXml(cellText(key.anchor))}` : ''}:</p>`;
    post({
      type: 'neighbours',
      id: latest.neighbours,
      entity: key.entity,
      ...(key.anchor ? { anchor: key.anchor } : {}),
    });
  }
});

document.addEventListener('keydown', (event) => {
  const input = event.target as HTMLElement;
  if (event.key === 'Enter' && input instanceof HTMLInputElement && input.classList.contains('filter'))
    applyFilter(input);
});
document.addEventListener('change', (event) => {
  const input = event.target as HTMLElement;
  if (input instanceof HTMLInputElement && input.classList.contains('filter')) applyFilter(input);
});

function pageTo(offset: number): void {
  state.offset = Math.max(0, Math.min(offset, Math.max(0, Math.ceil(total / state.pageSize) - 1) * state.pageSize));
  requestPage();
}
$('first').addEventListener('click', () => pageTo(0));
$('prev').addEventListener('click', () => pageTo(state.offset - state.pageSize));
$('next').addEventListener('click', () => pageTo(state.offset + state.pageSize));
$('last').addEventListener('click', () => pageTo(Number.MAX_SAFE_INTEGER));
const sizes = $('page-size') as HTMLSelectElement;
sizes.innerHTML = PAGE_SIZES.map(
  (n) => `<option value="${n}"${n === state.pageSize ? ' selected' : ''}>${n} rows</option>`,
).join('');
sizes.addEventListener('change', () => {
  state.pageSize = Number(sizes.value);
  state.offset = 0;
  requestPage();
});
$('export').addEventListener('click', () => post({ type: 'export', view: state.view }));
$('open-output').addEventListener('click', () => post({ type: 'openOutput' }));
$('reopen').addEventListener('click', () => post({ type: 'reopen' }));
post({ type: 'ready' });
