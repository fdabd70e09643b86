import type { GraphModelResult } from '../../../protocol/lspExtensions';
import type { DiagramInput } from './diagramLayout';

/** Measures a text's width in pixels (the webview: a canvas in the page's font; the tests: an estimate). */
export type MeasureText = (text: string, font: 'name' | 'row' | 'label') => number;

export const HEADER_HEIGHT = 26;
export const ROW_HEIGHT = 18;
/** Padding inside a box, each side, plus its border (2.5 px at most). */
export const PAD_X = 13;
export const ICON_WIDTH = 18;
export const LABEL_PAD_X = 4;
export const LABEL_HEIGHT = 16;
const MIN_WIDTH = 140;
const MAX_WIDTH = 320;

/** A text width estimate for tests and for measuring before fonts load: average glyph widths. */
export const estimateText: MeasureText = (text, font) =>
  text.length * (font === 'name' ? 7.6 : font === 'row' ? 6.8 : 6.2);

/** What a table box shows, row by row (the webview renders exactly these). */
export interface TableRows {
  badges: ('entity' | 'target' | 'missing')[];
  rows: { icon: 'key' | 'history' | 'warning'; text: string }[];
}

export function tableRows(
  table: { name: string; primaryKey?: string; timeColumn?: string },
  roles: { entity: boolean; target: boolean; ghost: boolean },
): TableRows {
  const badges: TableRows['badges'] = [];
  if (roles.entity) badges.push('entity');
  if (roles.target) badges.push('target');
  if (roles.ghost) badges.push('missing');
  const rows: TableRows['rows'] = [];
  if (roles.ghost) rows.push({ icon: 'warning', text: 'in the training graph only' });
  else
    rows.push(table.primaryKey ? { icon: 'key', text: table.primaryKey } : { icon: 'warning', text: 'no primary key' });
  if (table.timeColumn) rows.push({ icon: 'history', text: table.timeColumn });
  return { badges, rows };
}

/** Width of a badge chip ("entity", "target", "missing") in the header. */
export function badgeWidth(badge: string, measure: MeasureText): number {
  return measure(badge, 'label') + 10;
}

/** The layout input of a graph model: every table and ghost sized for its content, every edge labelled by its key. */
export function diagramInput(graph: GraphModelResult, measure: MeasureText): DiagramInput {
  const entity = graph.entityTable;
  const targets = new Set(graph.targetTables ?? []);
  const size = (table: { name: string; primaryKey?: string; timeColumn?: string }, ghost: boolean) => {
    const { badges, rows } = tableRows(table, {
      entity: table.name === entity,
      target: targets.has(table.name),
      ghost,
    });
    const header = measure(table.name, 'name') + badges.reduce((w, b) => w + badgeWidth(b, measure) + 4, 0);
    const body = Math.max(0, ...rows.map((r) => ICON_WIDTH + measure(r.text, 'row')));
    const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(Math.max(header, body) + 2 * PAD_X)));
    return { name: table.name, width, height: HEADER_HEIGHT + rows.length * ROW_HEIGHT + 6 };
  };
  return {
    tables: [
      ...graph.tables.map((t) => size(t, false)),
      ...graph.missingTrainingTables
        .filter((n) => !graph.tables.some((t) => t.name === n))
        .map((n) => size({ name: n }, true)),
    ],
    edges: graph.edges.map((e, index) => ({
      index,
      src: e.srcTable,
      dst: e.dstTable,
      label: e.fkey,
      labelWidth: Math.ceil(measure(e.fkey, 'label') + 2 * LABEL_PAD_X),
      labelHeight: LABEL_HEIGHT,
    })),
  };
}
