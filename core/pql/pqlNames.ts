/**
 * How table and column names are spelt in PQL. A bare name is letters, digits and `_`, starting with a
 * letter or `_`; any other name (`order total`, `2024_sales`, `prix-€`) is written between back-quotes,
 * as in Kumo's current grammar: `` orders.`order total` ``. A name may not contain a back-quote, a dot
 * or a line break (Kumo splits `table.column` at the dot).
 */

const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether the name can be written without back-quotes. */
export function isBareName(name: string): boolean {
  return BARE_NAME.test(name);
}

/** Why a name can never be written in PQL, even back-quoted; undefined when it can. */
export function unquotableReason(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.includes('`')) return 'it contains a back-quote';
  if (name.includes('.')) return "it contains a '.' (PQL splits table.column at the dot)";
  if (/[\r\n]/.test(name)) return 'it contains a line break';
  return undefined;
}

/** The name as a query must spell it: bare when possible, else back-quoted. */
export function quoteName(name: string): string {
  return isBareName(name) ? name : `\`${name}\``;
}

/** `table.column` as a query must spell it (`*` stays bare). */
export function formatColumnName(table: string, column: string): string {
  return `${quoteName(table)}.${column === '*' ? '*' : quoteName(column)}`;
}
