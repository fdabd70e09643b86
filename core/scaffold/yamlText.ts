/**
 * Characters a scalar may have and still be written plain in block and flow context alike (a `:` only
 * inside, as in `kumo:trainingjob-1`).
 */
const PLAIN = /^[A-Za-z0-9_.][A-Za-z0-9_./:-]*$/;
/**
 * What YAML 1.2's core schema (the yaml package's default, which reads the specs) reads as null, a boolean or a
 * number rather than a string: the yaml package's own patterns, restricted to PLAIN's characters.
 */
const NOT_A_STRING =
  /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE]-?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
/**
 * Written as `\u` escapes: what YAML does not allow in a stream even quoted (DEL, C1 controls, a BOM inside a document,
 * noncharacters), and the line separators YAML 1.1 readers break lines at.
 */
const ESCAPED = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/**
 * A string as a YAML scalar: plain when YAML reads it back as the same string, else double-quoted (JSON's escapes
 * are YAML's). No YAML library: the editor's bundle writes specs with this while staying small enough to activate
 * fast; test/unit/scaffold/yamlScalar.test.ts reads its output back with the yaml package.
 */
export function yamlScalar(value: string): string {
  // `kumo:` would start a mapping; a leading `...` ends a document at the start of a line.
  if (PLAIN.test(value) && !NOT_A_STRING.test(value) && !value.endsWith(':') && !value.startsWith('...')) return value;
  return JSON.stringify(value).replace(ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
