import { parse } from 'yaml';

/**
 * Characters a scalar may have and still be written plain in block and flow context alike (a `:` only
 * inside, as in `kumo:trainingjob-1`; the read-back check below refuses what YAML would read otherwise).
 */
const PLAIN = /^[A-Za-z0-9_.][A-Za-z0-9_./:-]*$/;

/** A string as a YAML scalar: plain when YAML reads it back as the same string, else double-quoted (JSON is valid YAML). */
export function yamlScalar(value: string): string {
  if (PLAIN.test(value)) {
    try {
      if (parse(value) === value && (parse(`[${value}]`) as unknown[])[0] === value) return value;
    } catch {
      // not plain-safe after all
    }
  }
  return JSON.stringify(value);
}

/** `# text` lines wrapped at `width` columns, indented by `indent` spaces. */
export function commentLines(text: string, indent: number, width = 118): string[] {
  const prefix = `${' '.repeat(indent)}# `;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(prefix + line);
  return lines;
}
