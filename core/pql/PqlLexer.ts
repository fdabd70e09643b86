import type { Span } from './ast';

export type ComparisonSymbol = '=' | '!=' | '<' | '<=' | '>' | '>=';

interface TokenBase {
  /** The source text of the token. */
  text: string;
  span: Span;
}

/**
 * One PQL token. The lexer never fails: characters PQL does not use, unterminated strings and bad
 * escapes become `error` tokens, so that hover and completion can still read the rest of the text and
 * the parser reports the first problem it reaches, in source order.
 */
export type PqlToken =
  | (TokenBase & { kind: 'word'; upper: string })
  | (TokenBase & {
      kind: 'column';
      /** The table's name, without back-quotes. */
      table: string;
      /** The column's name without back-quotes; `'*'` for a wildcard, `''` while the user has only typed `table.`. */
      column: string;
      /** As written, back-quotes included. */
      tableSpan: Span;
      columnSpan: Span;
    })
  | (TokenBase & { kind: 'number'; value: number; integer: boolean })
  | (TokenBase & { kind: 'string'; value: string })
  | (TokenBase & { kind: 'date' })
  | (TokenBase & { kind: 'time' })
  | (TokenBase & { kind: 'neg-inf' })
  | (TokenBase & { kind: 'operator'; op: ComparisonSymbol })
  | (TokenBase & { kind: '(' | ')' | ',' })
  | (TokenBase & { kind: 'error'; message: string; errorSpan: Span })
  | (TokenBase & { kind: 'eof' });

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || isDigit(code);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const DATE_AT = /\d+([-/.])\d+\1\d+/y;
const TIME_AT = /\d+:\d+:\d+/y;
const NUMBER_AT = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const NEG_INF_AT = /-(INFINITY|INF)(?![A-Za-z0-9_])/iy;

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  return match ? match[0] : undefined;
}

/** Splits a query into tokens, ending with one `eof` token. Whitespace and `#` comments are skipped. */
export function lexPql(text: string): PqlToken[] {
  const tokens: PqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (isWordStart(code) || ch === '`') {
      i = lexWordOrColumn(text, i, tokens);
    } else if (isDigit(code) || (ch === '-' && isDigit(text.charCodeAt(i + 1)))) {
      i = lexNumberLike(text, i, tokens);
    } else if (ch === '-') {
      const negInf = matchAt(NEG_INF_AT, text, i);
      if (negInf) {
        tokens.push({ kind: 'neg-inf', text: negInf, span: { start: i, end: i + negInf.length } });
        i += negInf.length;
      } else {
        tokens.push(errorToken(text, i, i + 1, "unexpected '-': write negative numbers without a space, e.g. -30"));
        i++;
      }
    } else if (ch === "'" || ch === '"') {
      i = lexString(text, i, tokens);
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, span: { start: i, end: i + 1 } });
      i++;
    } else {
      i = lexSymbol(text, i, tokens);
    }
  }
  tokens.push({ kind: 'eof', text: '', span: { start: text.length, end: text.length } });
  return tokens;
}

function errorToken(text: string, start: number, end: number, message: string, errorSpan?: Span): PqlToken {
  return {
    kind: 'error',
    text: text.slice(start, end),
    span: { start, end },
    message,
    errorSpan: errorSpan ?? { start, end },
  };
}

/** A name: bare (`orders`), or back-quoted (`` `order items` ``) when it has other characters. */
type NameRead = { name: string; end: number; quoted: boolean } | { error: string; errorSpan: Span; end: number };

function readName(text: string, start: number): NameRead {
  if (text[start] !== '`') {
    let end = start + 1;
    while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
    return { name: text.slice(start, end), end, quoted: false };
  }
  let end = start + 1;
  while (end < text.length && text[end] !== '`' && text[end] !== '\n' && text[end] !== '\r') end++;
  if (text[end] !== '`') {
    return {
      error: 'unterminated back-quoted name: add the closing ` on the same line',
      errorSpan: { start, end: start + 1 },
      end,
    };
  }
  const name = text.slice(start + 1, end);
  const span = { start, end: end + 1 };
  if (name === '')
    return { error: 'empty back-quoted name: write the name between the back-quotes', errorSpan: span, end: end + 1 };
  if (name.includes('.')) {
    return {
      error: `a name cannot contain '.' even back-quoted (\`${name}\`): PQL splits table.column at the dot`,
      errorSpan: span,
      end: end + 1,
    };
  }
  return { name, end: end + 1, quoted: true };
}

function lexWordOrColumn(text: string, start: number, tokens: PqlToken[]): number {
  const table = readName(text, start);
  if ('error' in table) {
    tokens.push(errorToken(text, start, table.end, table.error, table.errorSpan));
    return table.end;
  }
  const i = table.end;
  if (text[i] !== '.') {
    if (table.quoted) {
      const hint = `a back-quoted name is a table or column name, written as table.column, e.g. \`${table.name}\`.id or orders.\`${table.name}\``;
      tokens.push(errorToken(text, start, i, hint));
      return i;
    }
    const word = table.name;
    tokens.push({ kind: 'word', text: word, span: { start, end: i }, upper: word.toUpperCase() });
    return i;
  }
  // `table.column` is one token, as in Kumo's grammar: no spaces around the dot.
  const columnStart = i + 1;
  let end = columnStart;
  let column = '';
  if (text[columnStart] === '*') {
    end = columnStart + 1;
    column = '*';
  } else if (isWordStart(text.charCodeAt(columnStart)) || text[columnStart] === '`') {
    const read = readName(text, columnStart);
    if ('error' in read) {
      tokens.push(errorToken(text, start, read.end, read.error, read.errorSpan));
      return read.end;
    }
    end = read.end;
    column = read.name;
  }
  tokens.push({
    kind: 'column',
    text: text.slice(start, end),
    span: { start, end },
    table: table.name,
    column,
    tableSpan: { start, end: i },
    columnSpan: { start: columnStart, end },
  });
  return end;
}

function lexNumberLike(text: string, start: number, tokens: PqlToken[]): number {
  if (text[start] !== '-') {
    const date = matchAt(DATE_AT, text, start);
    if (date) {
      tokens.push({ kind: 'date', text: date, span: { start, end: start + date.length } });
      return start + date.length;
    }
    const time = matchAt(TIME_AT, text, start);
    if (time) {
      tokens.push({ kind: 'time', text: time, span: { start, end: start + time.length } });
      return start + time.length;
    }
  }
  const number = matchAt(NUMBER_AT, text, start) ?? text[start];
  const integer = !/[.eE]/.test(number);
  tokens.push({
    kind: 'number',
    text: number,
    span: { start, end: start + number.length },
    value: Number(number),
    integer,
  });
  return start + number.length;
}

function lexString(text: string, start: number, tokens: PqlToken[]): number {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  let badEscape: { span: Span; message: string } | undefined;
  while (i < text.length && text[i] !== quote) {
    if (text[i] !== '\\') {
      value += text[i];
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (next !== undefined && next !== 'u' && Object.prototype.hasOwnProperty.call(ESCAPES, next)) {
      value += ESCAPES[next];
      i += 2;
    } else {
      const shown = next === 'u' ? text.slice(i, i + 6) : text.slice(i, i + 2);
      badEscape ??= {
        span: { start: i, end: i + shown.length },
        message: `'${shown}' is not a valid escape: use \\\\ \\' \\" \\/ \\b \\f \\n \\r \\t or \\uXXXX`,
      };
      i += next === undefined ? 1 : 2;
    }
  }
  if (i >= text.length) {
    tokens.push(
      errorToken(text, start, text.length, `unterminated string: add the closing ${quote}`, { start, end: start + 1 }),
    );
    return text.length;
  }
  const end = i + 1;
  if (badEscape) {
    tokens.push(errorToken(text, start, end, badEscape.message, badEscape.span));
  } else {
    tokens.push({ kind: 'string', text: text.slice(start, end), span: { start, end }, value });
  }
  return end;
}

function lexSymbol(text: string, start: number, tokens: PqlToken[]): number {
  const two = text.slice(start, start + 2);
  const push = (op: ComparisonSymbol, length: number) => {
    tokens.push({
      kind: 'operator',
      text: text.slice(start, start + length),
      span: { start, end: start + length },
      op,
    });
    return start + length;
  };
  if (two === '!=' || two === '<=' || two === '>=') return push(two, 2);
  if (two === '<>') {
    tokens.push(errorToken(text, start, start + 2, "'<>' is not a PQL operator: use !="));
    return start + 2;
  }
  if (two === '==') {
    tokens.push(errorToken(text, start, start + 2, "'==' is not a PQL operator: use a single ="));
    return start + 2;
  }
  const ch = text[start];
  if (ch === '=' || ch === '<' || ch === '>') return push(ch, 1);
  const hints: Record<string, string> = {
    '.': "write table.column with no spaces around the '.'",
    '*': 'use table.* inside COUNT(...) to count rows',
    ';': 'a query is a single statement: remove the ;',
    '+': 'PQL has no arithmetic',
    '/': 'PQL has no arithmetic',
  };
  const codePoint = text.codePointAt(start) ?? 0;
  const length = codePoint > 0xffff ? 2 : 1;
  const shown = text.slice(start, start + length);
  const hint =
    hints[shown] ??
    (/\p{L}/u.test(shown)
      ? 'names may only use the letters A-Z and a-z, digits and _ unless back-quoted: table.`any name`'
      : undefined);
  tokens.push(errorToken(text, start, start + length, `unexpected character '${shown}'${hint ? `: ${hint}` : ''}`));
  return start + length;
}
