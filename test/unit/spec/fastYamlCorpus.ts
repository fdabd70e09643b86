/**
 * Generated YAML texts for the fast parser's differential test: random documents in (and around) the
 * subset spec files use, with random layout (indentation, comments, blank lines, quoting, block scalars,
 * flow collections over several lines), and random edits of any text. Deterministic for a given seed.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** xorshift32: a uniform integer in [0, n). */
  int(n: number): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state % n;
  }

  chance(p: number): boolean {
    return this.int(1_000_000) < p * 1_000_000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

const WORDS = ['kind', 'graph', 'tables', 'source', 'users', 'orders', 'id', 'data/a.csv', 'x_1', 'Foo', 'é'];
const SCALAR_WORDS = [
  ...WORDS,
  '0',
  '-12',
  '+7',
  '3.50',
  '1e3',
  '.5',
  '-.inf',
  '.NaN',
  '0x1F',
  '0o17',
  '0b1',
  'true',
  'False',
  'TRUE',
  'null',
  'Null',
  '~',
  'yes',
  '2024-01-01',
  '2024-01-01T12:00:00',
  'a:b',
  'a#b',
  'a, b',
  'x[0]',
  '{not}',
  'p - q',
  '-x',
  '?q',
  ':c',
  'COUNT(orders.*, 0, 30, days) > 0',
  "it's",
  'say "hi"',
];
const PUNCTUATION = [
  ' ',
  '\n',
  '#',
  ':',
  '-',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  '|',
  '>',
  '&',
  '*',
  '!',
  '?',
  '\\',
  '%',
  '@',
  '`',
  '~',
  '.',
  '0',
  'x',
  '\t',
  '\r',
];

/** A random document; `depth` bounds nesting. */
export function randomDocument(random: Random): string {
  const lines: string[] = [];
  if (random.chance(0.2)) lines.push(random.pick(['# header comment', '', '#', '  # indented header']));
  if (random.chance(0.15)) lines.push(random.pick(['---', '--- # marker', '---  ']));
  const indent = random.chance(0.1) ? random.int(3) : 0;
  mapping(random, lines, indent, 0);
  if (random.chance(0.3)) lines.push(trivia(random, indent + random.int(6) - 2));
  const text = lines.join('\n');
  return random.chance(0.8) ? `${text}\n` : text;
}

function mapping(random: Random, lines: string[], indent: number, depth: number, firstPrefix?: string): void {
  const count = 1 + random.int(depth === 0 ? 6 : 4);
  for (let i = 0; i < count; i++) {
    const pad = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    value(random, lines, `${pad}${key(random)}:`, indent, depth, true);
    if (random.chance(0.2)) lines.push(trivia(random, Math.max(0, indent + random.int(7) - 3)));
  }
}

function sequence(random: Random, lines: string[], indent: number, depth: number): void {
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) {
    const gap = ' '.repeat(1 + (random.chance(0.2) ? random.int(3) : 0));
    const prefix = `${' '.repeat(indent)}-${gap}`;
    if (depth < 4 && random.chance(0.35)) {
      mapping(random, lines, indent + 1 + gap.length, depth + 1, prefix);
    } else {
      value(random, lines, prefix.trimEnd(), indent, depth, false);
    }
    if (random.chance(0.2)) lines.push(trivia(random, Math.max(0, indent + random.int(7) - 3)));
  }
}

function key(random: Random): string {
  const word = random.pick(WORDS);
  switch (random.int(12)) {
    case 0:
      return `'${word.replace(/'/g, "''")}'`;
    case 1:
      return `"${word}"`;
    case 2:
      return random.pick(['1', 'true', 'null', '~', '2.5', 'a b', 'a:b']);
    case 3:
      return `${word} `;
    default:
      return word;
  }
}

/** `head` is the key (`key:`) or the dash of a sequence item; adds the value on that line or below it. */
function value(random: Random, lines: string[], head: string, indent: number, depth: number, inMap: boolean): void {
  const trailing = random.chance(0.15) ? ` # ${random.pick(WORDS)}` : random.chance(0.1) ? '  ' : '';
  const nested = depth < 4 ? random.int(10) : 10;
  const step = 1 + random.int(4);
  if (inMap && nested < 2) {
    lines.push(`${head}${trailing}`);
    if (random.chance(0.3)) lines.push(trivia(random, indent + random.int(5)));
    mapping(random, lines, indent + step, depth + 1);
  } else if (inMap && nested < 3) {
    lines.push(`${head}${trailing}`);
    sequence(random, lines, random.chance(0.4) ? indent : indent + step, depth + 1);
  } else if (!inMap && nested < 1) {
    lines.push(`${head} ${flow(random, depth)}${trailing}`);
  } else if (inMap && nested < 4 && random.chance(0.3)) {
    lines.push(`${head}${trailing}`); // an empty value
  } else {
    const choice = random.int(12);
    if (choice < 5) lines.push(`${head} ${scalar(random)}${trailing}`);
    else if (choice < 7) lines.push(`${head} ${flow(random, depth)}${trailing}`);
    else if (choice < 9) blockScalar(random, lines, head, indent + step);
    else if (choice < 10) multiLinePlain(random, lines, head, indent + step);
    else if (choice < 11) multiLineQuoted(random, lines, head, indent + step);
    else {
      // The value on the line below its key (or dash).
      lines.push(`${head}${trailing}`);
      if (random.chance(0.3)) lines.push(trivia(random, random.int(indent + 4)));
      const below = random.int(3);
      const pad = ' '.repeat(indent + step);
      if (below === 0) lines.push(`${pad}${scalar(random)}`);
      else if (below === 1) lines.push(`${pad}${flow(random, depth)}`);
      else multiLinePlain(random, lines, pad.slice(0, -1), indent + step + random.int(2));
    }
  }
}

function multiLineQuoted(random: Random, lines: string[], head: string, indent: number): void {
  const quote = random.pick(["'", '"']);
  lines.push(`${head} ${quote}${random.pick(WORDS)} ${random.chance(0.3) ? '\\' : ''}`);
  const count = 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    lines.push(
      random.chance(0.2) ? ' '.repeat(random.int(3)) : `${' '.repeat(indent - 1 + random.int(3))}${random.pick(WORDS)}`,
    );
  }
  lines[lines.length - 1] += quote;
}

function scalar(random: Random): string {
  const word = random.pick(SCALAR_WORDS);
  switch (random.int(6)) {
    case 0:
      return `'${word.replace(/'/g, "''")}'`;
    case 1:
      return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}${random.pick(['', '\\n', '\\t', '\\x41', '\\u00e9', '\\/', ' '])}"`;
    default:
      return /^[-?:]?[\s#,[\]{}&*!|>'"%@`]/.test(word) || /: |\s#/.test(word) ? `'${word.replace(/'/g, "''")}'` : word;
  }
}

function flow(random: Random, depth: number): string {
  const multiLine = random.chance(0.2);
  const sep = multiLine ? `,\n${' '.repeat(2 + random.int(6))}` : random.pick([', ', ',', ' , ']);
  const count = random.int(4);
  const items: string[] = [];
  const isMap = random.chance(0.5);
  for (let i = 0; i < count; i++) {
    const item = depth < 4 && random.chance(0.2) ? flow(random, depth + 1) : flowScalar(random);
    items.push(isMap ? `${random.pick(WORDS.filter((w) => !/[,:]/.test(w)))}: ${item}` : item);
  }
  const inner = items.join(sep) + (count > 0 && random.chance(0.1) ? ',' : '');
  const pad = random.pick(['', ' ']);
  return isMap ? `{${pad}${inner}${pad}}` : `[${pad}${inner}${pad}]`;
}

function flowScalar(random: Random): string {
  const word = random.pick(SCALAR_WORDS);
  return /[,[\]{}#:]|^[-?]|^[&*!|>'"%@`]/.test(word) ? `"${word.replace(/"/g, '\\"')}"` : word;
}

function blockScalar(random: Random, lines: string[], head: string, indent: number): void {
  const indicator = random.pick(['|', '>']) + random.pick(['', '-', '+', '2', '-1', '+2', '1']);
  lines.push(`${head} ${indicator}${random.chance(0.1) ? ' # note' : ''}`);
  if (random.chance(0.15)) lines.push(' '.repeat(random.int(indent + 3)));
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) {
    const extra = random.chance(0.2) ? ' '.repeat(1 + random.int(3)) : '';
    lines.push(
      random.chance(0.15)
        ? ' '.repeat(random.int(indent + 2))
        : `${' '.repeat(indent)}${extra}${random.pick(SCALAR_WORDS)}`,
    );
  }
  if (random.chance(0.3)) lines.push('');
}

function multiLinePlain(random: Random, lines: string[], head: string, indent: number): void {
  lines.push(`${head} ${random.pick(WORDS)} ${random.pick(WORDS)}`);
  const count = 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    lines.push(random.chance(0.2) ? '' : `${' '.repeat(indent + random.int(2))}${random.pick(WORDS)}`);
  }
}

/** One to three blank or comment lines; comments at `indent` or near it. */
function trivia(random: Random, indent: number): string {
  const lines: string[] = [];
  const count = 1 + (random.chance(0.3) ? random.int(3) : 0);
  for (let i = 0; i < count; i++) {
    const pad = ' '.repeat(Math.max(0, indent + (i > 0 ? random.int(5) - 2 : 0)));
    lines.push(random.pick([`${pad}# note`, '', pad, `${pad}#`, `${pad}# a: b`, `${pad}#no space`]));
  }
  return lines.join('\n');
}

/** A random small edit of `text`: characters or lines inserted, deleted, duplicated or re-indented. */
export function mutate(random: Random, text: string): string {
  const lines = text.split('\n');
  const at = random.int(Math.max(1, text.length));
  const line = random.int(lines.length);
  switch (random.int(9)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + random.int(3));
    case 1:
      return text.slice(0, at) + random.pick(PUNCTUATION) + text.slice(at);
    case 2:
      return text.slice(0, at) + random.pick(PUNCTUATION) + random.pick(PUNCTUATION) + text.slice(at);
    case 3:
      lines.splice(line, 1);
      return lines.join('\n');
    case 4:
      lines.splice(line, 0, lines[random.int(lines.length)]);
      return lines.join('\n');
    case 5:
      lines[line] = ' '.repeat(1 + random.int(3)) + lines[line];
      return lines.join('\n');
    case 6:
      lines[line] = lines[line].replace(/^ {1,3}/, '');
      return lines.join('\n');
    case 7:
      lines.splice(line, 0, trivia(random, random.int(8)));
      return lines.join('\n');
    default:
      lines[line] = lines[line].replace(
        /: (\S.*)$/,
        (_match, rest: string) => `: ${random.pick(["'", '"', '|\n  ', '>-\n    ', '[', '{ a: '])}${rest}`,
      );
      return lines.join('\n');
  }
}
