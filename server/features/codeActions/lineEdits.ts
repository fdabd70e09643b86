import type { Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Inserts whole lines before line `line`, or at the end of the document (adding the missing final newline). */
export function insertLines(document: TextDocument, line: number, lines: string[]): TextEdit {
  if (line >= document.lineCount) {
    const text = document.getText();
    const end = document.positionAt(text.length);
    const needsBreak = text.length > 0 && !text.endsWith('\n');
    return { range: { start: end, end }, newText: `${needsBreak ? '\n' : ''}${lines.join('\n')}\n` };
  }
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${lines.join('\n')}\n` };
}

/** Deletes the whole lines a range spans (a range ending at column 0 does not take that line). */
export function deleteLines(range: Range): TextEdit {
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return {
    range: { start: { line: range.start.line, character: 0 }, end: { line: endLine, character: 0 } },
    newText: '',
  };
}
