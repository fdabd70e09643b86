// What pressing Enter does after a YAML line, as data: VS Code's YAML support keeps the indentation after `key:`
// (its indentation rules apply only with `editor.autoIndent: full`, and YAML defaults to `advanced`), so a new
// mapping under `tables:` starts in the wrong column. These rules follow YAML: a key without a value (or with a
// block scalar header `|`, `>-`, ...) opens a block one indentation step deeper; the next key of a `- key: value`
// item lines up with `key`. The language server's on-type formatting (server/features/formatting) does the same
// for other LSP editors. Kept free of `vscode` so the unit tests can read them.

/** A key, plain (no `: ` inside: that would make it a key and a value) or quoted. */
const PLAIN = String.raw`(?:[^#:]|:(?=\S))*?`;
const KEY = String.raw`(?:[^\s#'"{\[\]},&*!|>%@\x60-]${PLAIN}|-[^\s#]${PLAIN}|"[^"]*"|'[^']*')`;
const LINE_END = String.raw`\s*:(?:\s+[|>][-+0-9]*)?\s*(?:\s#.*)?$`;

export interface YamlEnterRule {
  beforeText: RegExp;
  /** `indent`: one indentation step deeper than the line; `none`: the line's own indentation. */
  indent: 'indent' | 'none';
  /** Added after the indentation (the width of `- `, so the next line lines up with the item's key). */
  appendText?: string;
}

export const YAML_ENTER_RULES: readonly YamlEnterRule[] = [
  // `- key:` opens a block inside a sequence item: one step deeper than the key, which is 2 columns after the dash.
  { beforeText: new RegExp(String.raw`^\s*- +${KEY}${LINE_END}`), indent: 'indent', appendText: '  ' },
  // `key:` opens a block.
  { beforeText: new RegExp(String.raw`^\s*${KEY}${LINE_END}`), indent: 'indent' },
  // `- key: value`: the item's next key lines up with this one.
  {
    beforeText: new RegExp(String.raw`^\s*- +${KEY}:\s+[^\s#].*$`),
    indent: 'none',
    appendText: '  ',
  },
];
