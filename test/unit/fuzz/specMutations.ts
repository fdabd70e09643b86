import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

/** A small seeded PRNG (mulberry32): the same seed replays the same inputs. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Numbers at and beyond every bound the engine has, and the YAML spellings of non-numbers. */
export const ODD_NUMBERS = [
  '1e400',
  '-1e400',
  '.inf',
  '-.inf',
  '.nan',
  '1e308',
  '-0',
  '0',
  '1e-400',
  '9007199254740993',
  '100000000000000000000000',
  '36525',
  '36526',
  '1000',
  '1001',
  '0x7fffffff',
  '0o777',
  '1_000',
  '-1',
  '2.5',
  '4294967296',
  '-2147483649',
];

const ODD_DATES = [
  '2024-02-30',
  '2023-02-29',
  '1677-12-31',
  '2262-01-01',
  '9999-99-99',
  '0000-00-00',
  '2024-01-01 24:00:00',
];

/** Text that stresses line counting, encodings and string handling. */
const ODD_TEXT = [
  '\u0000',
  '\uFFFD',
  '\uFEFF',
  '\u200B',
  '\u200F',
  '\u202E',
  '\u2028',
  '\u2029',
  '\r',
  '\r\n',
  '\t',
  '😀',
  '\uD83D',
  'e\u0301',
  'Ω≈ç√',
  '"',
  "'",
  '\\',
  '${HOME}',
  '../../../../etc/passwd',
  '/dev/zero',
  '{{PARTITION}}',
  "'; DROP TABLE x; --",
];

const YAML_TOKENS = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!binary ',
  '!!str ',
  '? ',
  '|',
  '>-',
  '#',
  '\n',
  '  ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '<<: *a\n',
];

const PQL_TOKENS = [
  'PREDICT',
  'FOR EACH',
  'WHERE',
  'ASSUMING',
  'COUNT(',
  'SUM(',
  'LIST_DISTINCT(',
  'RANK TOP',
  'CLASSIFY',
  'FORECAST',
  'TIMEFRAMES',
  '-INF',
  ', 0, 30, days)',
  ', -30, 0, months)',
  ')',
  '(',
  '*',
  '.',
  'IN (1, 2)',
  'IS NULL',
  'AND',
  'OR NOT',
  "'text'",
  '2024-01-15',
  ...ODD_NUMBERS,
];

/** One mutated spec text, and what was done to it (printed when a check fails). */
export interface Mutant {
  text: string;
  how: string;
}

type Mutator = (text: string, random: SeededRandom) => Mutant;

const textMutators: Mutator[] = [
  function flipBytes(text, random) {
    const chars = [...text];
    const n = 1 + random.int(4);
    for (let i = 0; i < n && chars.length > 0; i++) {
      chars[random.int(chars.length)] = String.fromCharCode(random.int(0x80) + (random.chance(0.1) ? 0x80 : 0));
    }
    return { text: chars.join(''), how: `flipped ${n} characters` };
  },
  function deleteSpan(text, random) {
    const start = random.int(text.length + 1);
    const end = Math.min(text.length, start + random.int(40));
    return { text: text.slice(0, start) + text.slice(end), how: `deleted ${start}..${end}` };
  },
  function duplicateSpan(text, random) {
    const start = random.int(text.length + 1);
    const span = text.slice(start, start + random.int(80));
    const at = random.int(text.length + 1);
    return {
      text: text.slice(0, at) + span + text.slice(at),
      how: `copied ${JSON.stringify(span.slice(0, 20))} to ${at}`,
    };
  },
  function insertToken(text, random) {
    const token = random.pick([...YAML_TOKENS, ...ODD_TEXT]);
    const at = random.int(text.length + 1);
    return { text: text.slice(0, at) + token + text.slice(at), how: `inserted ${JSON.stringify(token)} at ${at}` };
  },
  function oddNumber(text, random) {
    const numbers = [...text.matchAll(/-?\b\d[\d_.eE+-]*\b/g)];
    const replacement = random.pick([...ODD_NUMBERS, ...ODD_DATES]);
    if (numbers.length === 0) return { text: `${text}\nnum_workers: ${replacement}\n`, how: 'appended a number' };
    const match = random.pick(numbers);
    const at = match.index ?? 0;
    return {
      text: text.slice(0, at) + replacement + text.slice(at + match[0].length),
      how: `number ${match[0]} -> ${replacement}`,
    };
  },
  function pqlToken(text, random) {
    const query = /PREDICT[^\n]*/.exec(text);
    const token = random.pick(PQL_TOKENS);
    if (!query) return { text: `${text}\nquery: PREDICT ${token}\n`, how: `appended a query with ${token}` };
    const at = query.index + random.int(query[0].length + 1);
    return { text: `${text.slice(0, at)} ${token} ${text.slice(at)}`, how: `PQL token ${JSON.stringify(token)}` };
  },
  function lineEndings(text, random) {
    const ending = random.pick(['\r\n', '\r', '\u2028', '\n\n']);
    return {
      text: text.replace(/\n/g, () => (random.chance(0.3) ? ending : '\n')),
      how: `line endings ${JSON.stringify(ending)}`,
    };
  },
  function deepNesting(text, random) {
    const depth = 50 + random.int(3000);
    const open = random.chance(0.5) ? '[' : '{a: ';
    const close = open === '[' ? ']' : '}';
    return { text: `${text}\nnested: ${open.repeat(depth)}1${close.repeat(depth)}\n`, how: `nesting depth ${depth}` };
  },
];

/** Mutations that keep YAML well-formed but change its structure, so they reach the schema and the rules. */
const structureMutators: ((doc: Document, random: SeededRandom) => string)[] = [
  function replaceValue(doc, random) {
    const target = randomNode(doc, random);
    const replacement = random.pick<unknown>([
      [],
      {},
      null,
      'text',
      Number.POSITIVE_INFINITY,
      Number.NaN,
      -1,
      [1, 2, 3],
      { tables: 3 },
      { src_table: 'x' },
      'a'.repeat(5000),
      random.pick(ODD_TEXT),
    ]);
    if (!target) return 'nothing to replace';
    target.set(doc.createNode(replacement));
    return `replaced a value with ${JSON.stringify(replacement)?.slice(0, 30)}`;
  },
  function deletePair(doc, random) {
    const target = randomNode(doc, random);
    if (!target) return 'nothing to delete';
    target.remove();
    return 'deleted a value';
  },
  function renameKey(doc, random) {
    const pairs = allPairs(doc.contents as Node | null);
    if (pairs.length === 0) return 'no key to rename';
    const pair = random.pick(pairs);
    if (!isScalar(pair.key)) return 'complex key';
    const key = String(pair.key.value);
    const renamed = random.pick([
      key.slice(1),
      `${key}s`,
      key.toUpperCase(),
      `${key}\u200B`,
      '',
      key.replace(/_/g, ''),
    ]);
    pair.key.value = renamed;
    return `renamed key ${key} -> ${JSON.stringify(renamed)}`;
  },
];

interface Slot {
  set(node: unknown): void;
  remove(): void;
}

function allPairs(node: Node | null): { key: unknown; value: unknown }[] {
  const found: { key: unknown; value: unknown }[] = [];
  const walk = (n: unknown) => {
    if (isMap(n)) {
      for (const pair of n.items) {
        found.push(pair as { key: unknown; value: unknown });
        walk(pair.value);
      }
    } else if (isSeq(n)) {
      n.items.forEach(walk);
    }
  };
  walk(node);
  return found;
}

function randomNode(doc: Document, random: SeededRandom): Slot | undefined {
  const slots: Slot[] = [];
  const walk = (n: unknown) => {
    if (isMap(n)) {
      for (const pair of n.items) {
        slots.push({ set: (v) => (pair.value = v), remove: () => n.items.splice(n.items.indexOf(pair), 1) });
        walk(pair.value);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => {
        slots.push({ set: (v) => (n.items[i] = v), remove: () => n.items.splice(n.items.indexOf(item), 1) });
        walk(item);
      });
    }
  };
  walk(doc.contents);
  return slots.length > 0 ? random.pick(slots) : undefined;
}

/** A YAML structure edit, or undefined when the text is not YAML the `yaml` package can read and write back. */
function mutateStructure(text: string, random: SeededRandom): Mutant | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length > 0) return undefined;
    const how = random.pick(structureMutators)(doc, random);
    return { text: String(doc), how };
  } catch {
    return undefined; // deep nesting overflows the yaml package's own stringifier: a text edit instead
  }
}

/** One to three mutations of a spec text: raw text edits, or edits of its YAML structure. */
export function mutate(text: string, random: SeededRandom): Mutant {
  let current: Mutant = { text, how: '' };
  const steps = 1 + random.int(3);
  const hows: string[] = [];
  for (let i = 0; i < steps; i++) {
    if (random.chance(0.35)) {
      const structured = mutateStructure(current.text, random);
      if (structured) {
        current = structured;
        hows.push(structured.how);
        continue;
      }
    }
    current = random.pick(textMutators)(current.text, random);
    hows.push(current.how);
  }
  return { text: current.text, how: hows.join('; ') };
}

/** A spec written from scratch: spec keys with random values, sometimes of the wrong shape. */
export function randomSpec(random: SeededRandom): Mutant {
  const kind = random.pick(['graph', 'training', 'prediction']);
  const value = (): string =>
    random.pick([
      random.pick(ODD_NUMBERS),
      random.pick(ODD_DATES),
      JSON.stringify(random.pick(ODD_TEXT)),
      'data/x.csv',
      '[a, b]',
      '{a: 1}',
      'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id',
      '',
    ]);
  const keys: string[] =
    {
      graph: ['tables', 'edges', 'description'],
      training: ['graph', 'query', 'train', 'model', 'name'],
      prediction: [
        'training_job',
        'graph',
        'anchor_time',
        'num_workers',
        'num_classes_to_return',
        'destination',
        'output_types',
      ],
    }[kind] ?? [];
  const lines = [`kind: ${kind}`];
  for (const key of keys) if (random.chance(0.7)) lines.push(`${key}: ${value()}`);
  return { text: `${lines.join('\n')}\n`, how: `random ${kind} spec` };
}
