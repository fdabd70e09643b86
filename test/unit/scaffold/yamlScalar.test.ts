import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { yamlScalar } from '../../../core/scaffold/yamlText';

/**
 * yamlScalar decides plain or quoted without a YAML library (the editor's bundle uses it): the yaml package, which
 * reads the specs, must read every string it writes back unchanged, as a mapping value and inside a flow sequence.
 */
function readBack(written: string): { block: unknown; flow: unknown } {
  const block = (parse(`key: ${written}\n`) as { key: unknown }).key;
  const flow = (parse(`key: [${written}, x]\n`) as { key: unknown[] }).key[0];
  return { block, flow };
}

/**
 * YAML's printable characters (c-printable) less a BOM and the line breaks of YAML 1.1 (NEL, U+2028, U+2029): what a
 * strict reader (PyYAML) accepts on a line. The yaml package is lenient here, so this is checked on its own.
 */
const PRINTABLE_ON_ONE_LINE = /^[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;

function assertRoundTrip(value: string): void {
  const written = yamlScalar(value);
  assert.match(written, PRINTABLE_ON_ONE_LINE, `${JSON.stringify(value)} written as ${JSON.stringify(written)}`);
  assert.deepEqual(readBack(written), { block: value, flow: value }, `${JSON.stringify(value)} written as ${written}`);
}

/** A small deterministic generator, so a failure names a string that fails again. */
function* randomStrings(count: number, alphabet: string[], seed: number): Generator<string> {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(next() * 12);
    yield Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  }
}

describe('yamlScalar', () => {
  it('writes paths, names, job ids and dates plain, as a person would', () => {
    for (const plain of [
      'data/full/races.csv',
      '../new/orders/',
      'driver_dnf',
      'kumo:trainingjob-abc123',
      'trainingjob-20240101-abc',
      '2024-01-01',
      '.relgraph/jobs',
      'v1.2.3',
      '0x',
      '1e',
      'Nullable',
      'yes',
    ])
      assert.equal(yamlScalar(plain), plain);
  });

  it('quotes what YAML would read as something else, or not at all', () => {
    for (const tricky of [
      '',
      'true',
      'False',
      'NULL',
      'null',
      '~',
      '12',
      '012',
      '0o17',
      '0x1F',
      '1.5',
      '1.',
      '.5',
      '1e3',
      '1E-3',
      '.inf',
      '.NaN',
      'kumo:',
      'a: b',
      'a #b',
      '#x',
      '-x',
      '- x',
      '...',
      '---',
      'x/{{PARTITION}}.parquet',
      '*x',
      '&x',
      '!x',
      '%x',
      '@x',
      '`x',
      '|',
      '>',
      'a,b',
      '[x]',
      "it's",
      '"q"',
      ' x',
      'x ',
      'my data/x.csv',
      'tab\there',
      'two\nlines',
      'back\\slash',
      'é/ü.csv',
      'nel\u0085',
      'del\u007f',
      'c1\u0090',
      'ls\u2028ps\u2029',
      'bom\ufeff',
      'nonchar\uffff',
      'lone\ud800',
    ]) {
      assert.notEqual(yamlScalar(tricky), tricky, JSON.stringify(tricky));
      assertRoundTrip(tricky);
    }
  });

  it('is read back unchanged for every short string over the characters YAML treats specially', () => {
    const alphabet = [...'a0.-_/:eE#, [{}]*&!|>\'"%@?~\t\nxo+'];
    const strings = [...alphabet];
    for (const a of alphabet) for (const b of alphabet) strings.push(a + b);
    for (const a of ['a', '0', '.', '-', ':', '#', ' ', 'e'])
      for (const b of alphabet)
        for (const c of alphabet) {
          strings.push(a + b + c);
        }
    for (const value of strings) assertRoundTrip(value);
  });

  it('is read back unchanged for random strings, Unicode and controls included', () => {
    const alphabet = [
      ...'aZ09._-/:#, [{*&!|>\'"%@?~\\\t\n\r',
      '\u0000',
      '\u0085',
      '\u00e9',
      '\u2028',
      '\ufeff',
      '\u{1f600}',
    ];
    for (const value of randomStrings(20_000, alphabet, 7)) assertRoundTrip(value);
  });
});
