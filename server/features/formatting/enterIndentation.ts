import type { FormattingOptions, Position, TextEdit } from 'vscode-languageserver';
import { yamlCursorContext } from '../../yaml/yamlCursorContext';
import { isBlockScalarHeader, parseYamlLine } from '../../yaml/yamlLine';

/**
 * The indentation of the line Enter just opened (`position` is on it), following YAML: after a key without a
 * value or with a block scalar header (`tables:`, `query: >-`) one indentation step deeper than the key; after a
 * `- key: value` item, lined up with `key`; otherwise nothing to change. The step is the file's own (the
 * smallest indentation its block lines use), else the editor's. Returns the edit that replaces the line's
 * leading whitespace, or none when it is right already.
 */
export function enterIndentation(text: string, position: Position, options: FormattingOptions): TextEdit[] {
  const lines = text.split(/\r?\n/);
  if (position.line === 0 || position.line >= lines.length) return [];
  const before = lines[position.line - 1];
  const previous = parseYamlLine(before);
  if (previous.blank) return [];
  // Inside a block scalar or a multi-line value (a query's text), indentation is the text's own.
  if (yamlCursorContext(text, { line: position.line - 1, character: before.length })?.multiline) return [];
  const keyColumn = previous.contentColumn;
  let wanted: number | undefined;
  if (previous.key !== undefined && (previous.value === '' || isBlockScalarHeader(previous.value))) {
    wanted = keyColumn + indentStep(lines, options);
  } else if (previous.key !== undefined && previous.dashes.length > 0) {
    wanted = keyColumn;
  }
  if (wanted === undefined) return [];
  const current = lines[position.line];
  const leading = current.length - current.trimStart().length;
  if (leading === wanted && /^ *$/.test(current.slice(0, leading))) return [];
  return [
    {
      range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: leading } },
      newText: ' '.repeat(wanted),
    },
  ];
}

/** The file's indentation step: the smallest positive difference between a block line and the one it nests in. */
function indentStep(lines: string[], options: FormattingOptions): number {
  let step: number | undefined;
  let previousIndent = 0;
  for (const text of lines) {
    const line = parseYamlLine(text);
    if (line.blank) continue;
    // Sequence dashes may sit at their key's column (`edges:\n- {...}`): only deeper lines say what a step is.
    const delta = line.indent - previousIndent;
    if (delta > 0 && (step === undefined || delta < step)) step = delta;
    previousIndent = line.dashes.length > 0 ? line.contentColumn : line.indent;
  }
  return step ?? (options.insertSpaces === false ? options.tabSize : options.tabSize || 2);
}
