import type { PreviewCell } from '../../../protocol/outputPreview';

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;

/** A cell as the preview prints it: numbers to 6 significant digits, instants without `T`/`Z`, lists cut. */
export function cellText(cell: PreviewCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(6)));
  if (typeof cell === 'boolean') return String(cell);
  if (typeof cell === 'string') {
    const instant = ISO_INSTANT.exec(cell);
    if (!instant) return cell;
    const fraction = instant[3] && !/^\.0+$/.test(instant[3]) ? instant[3] : '';
    return instant[2] === '00:00:00' && !fraction ? instant[1] : `${instant[1]} ${instant[2]}${fraction}`;
  }
  const shown = cell.list.map((v) => (typeof v === 'number' ? cellText(v) : String(v ?? ''))).join(', ');
  return `[${shown}${cell.length > cell.list.length ? ', …' : ''}] (${cell.length})`;
}

/** A cell as text a request can carry back (the neighbours of a row name it by ENTITY and anchor). */
export function cellKey(cell: PreviewCell): string | undefined {
  if (cell === null || typeof cell === 'object') return undefined;
  return String(cell);
}

/** 1234567 -> "1,234,567". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
