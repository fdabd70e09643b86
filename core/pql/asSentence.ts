/**
 * Relgraph's diagnostics are sentences ("Edge refers to table 'x', which ..."). PQL messages are written
 * as fragments that never start with a name, so capitalising the first letter cannot change a
 * case-sensitive table or column name.
 */
export function asSentence(message: string): string {
  const capitalised = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.?!]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
