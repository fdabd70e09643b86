import type { PreviewColumnKind, PreviewFilter } from '../../../protocol/outputPreview';

/**
 * The per-column filter box of the preview: what a user types becomes one typed filter (or a sentence
 * saying why not). Numbers and times take a comparison (`> 0.9`, `<= 2010-01-01`, `= 3`, `!= 3`); text
 * is matched as typed (`driver` contains, `=Lewis` equals, `!=Lewis`, `^Le` starts with, `!ham` does not
 * contain); true/false columns take `true` or `false`; any column takes `(empty)` and `(not empty)`.
 * Pure: the page runs it, the tests run it.
 */
export type FilterParse = { filter: PreviewFilter } | { error: string } | { none: true };

const COMPARISON = /^(<=|>=|!=|<>|=|<|>)\s*(.*)$/;
const OPS = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '=': 'eq', '!=': 'ne', '<>': 'ne' } as const;

export function parseFilterText(column: string, kind: PreviewColumnKind, typed: string): FilterParse {
  const text = typed.trim();
  if (text === '') return { none: true };
  const lower = text.toLowerCase();
  if (lower === '(empty)') return { filter: { column, op: 'isEmpty' } };
  if (lower === '(not empty)') return { filter: { column, op: 'notEmpty' } };
  if (kind === 'list') return { error: 'a list column takes (empty) or (not empty)' };
  if (kind === 'boolean') {
    if (lower === 'true' || lower === '=true') return { filter: { column, op: 'isTrue' } };
    if (lower === 'false' || lower === '=false') return { filter: { column, op: 'isFalse' } };
    return { error: 'type true or false' };
  }
  if (kind === 'number' || kind === 'time') {
    const match = COMPARISON.exec(text);
    const op = match ? OPS[match[1] as keyof typeof OPS] : 'eq';
    const operand = (match ? match[2] : text).trim();
    if (kind === 'number') {
      const value = Number(operand);
      if (operand === '' || !Number.isFinite(value)) return { error: `type a number, e.g. > 0.5` };
      return { filter: { column, op, value } };
    }
    if (operand === '' || Number.isNaN(Date.parse(operand))) return { error: 'type a date, e.g. >= 2010-01-01' };
    return { filter: { column, op, value: operand } };
  }
  if (text.startsWith('!=')) return { filter: { column, op: 'notEquals', value: text.slice(2) } };
  if (text.startsWith('=')) return { filter: { column, op: 'equals', value: text.slice(1) } };
  if (text.startsWith('^')) return { filter: { column, op: 'startsWith', value: text.slice(1) } };
  if (text.startsWith('!')) return { filter: { column, op: 'notContains', value: text.slice(1) } };
  return { filter: { column, op: 'contains', value: text } };
}

/** The filter as the box shows it again (after a reload of the page). */
export function filterText(filter: PreviewFilter): string {
  const value = filter.value === undefined ? '' : String(filter.value);
  switch (filter.op) {
    case 'isEmpty':
      return '(empty)';
    case 'notEmpty':
      return '(not empty)';
    case 'isTrue':
      return 'true';
    case 'isFalse':
      return 'false';
    case 'contains':
      return value;
    case 'equals':
      return `=${value}`;
    case 'notEquals':
      return `!=${value}`;
    case 'startsWith':
      return `^${value}`;
    case 'notContains':
      return `!${value}`;
    default: {
      const symbol = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' }[filter.op];
      return `${symbol} ${value}`;
    }
  }
}

/** The hint in an empty filter box. */
export function filterPlaceholder(kind: PreviewColumnKind): string {
  switch (kind) {
    case 'number':
      return '> 0.5';
    case 'time':
      return '>= 2010-01-01';
    case 'boolean':
      return 'true / false';
    case 'list':
      return '(empty)';
    default:
      return 'contains…';
  }
}
