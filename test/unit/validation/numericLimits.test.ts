import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import { WINDOW_UNITS } from '../../../core/pql/pqlVocabulary';
import { MAX_CLASSES_PER_ENTITY, MAX_TIMEFRAME_STEP_DAYS, MAX_WINDOW_OFFSET } from '../../../core/spec/numericLimits';
import { SPEC_SCHEMAS } from '../../../core/spec/schemaValidation';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { constantSql, intervalSql } from '../../../data/pqlConditionSql';
import { GBDT_SETTING_DESCRIPTORS } from '../../../engine/model';
import { MemorySpecHost } from '../../helpers/MemorySpecHost';

/**
 * Issue 8, finding 10: every number of a spec and its query is bounded to what the engine can run, with a
 * diagnostic at the number. Each bound is tested just inside (clean) and just outside (one diagnostic).
 */
const GRAPH = `kind: graph
tables:
  customers:
    source: data/customers.csv
    primary_key: customer_id
  orders:
    source: data/orders.csv
    primary_key: order_id
    time_column: ts
edges:
  - { src_table: orders, fkey: customer_id, dst_table: customers }
`;

interface Found {
  code: string;
  /** The text the diagnostic's range covers. */
  at: string;
  message: string;
}

function validate(file: string, text: string): Found[] {
  const host = new MemorySpecHost('/ws', {
    'data/customers.csv': '',
    'data/orders.csv': '',
    'shop.graph.yaml': GRAPH,
    'churn.training.yaml':
      'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30) = 0 FOR EACH customers.customer_id\n',
    [file]: text,
  });
  const lines = text.split('\n');
  return validateSpecFile(host.abs(file), host).diagnostics.map((d: SpecDiagnostic) => ({
    code: d.code,
    at:
      d.range.start.line === d.range.end.line
        ? lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)
        : '(several lines)',
    message: d.message,
  }));
}

const training = (query: string, extra = '') =>
  validate('t.training.yaml', `kind: training\ngraph: shop.graph.yaml\nquery: ${query}\n${extra}`);
const churn = (window: string, compare = '= 0') =>
  training(`PREDICT COUNT(orders.*, ${window}) ${compare} FOR EACH customers.customer_id`);
const prediction = (extra: string) =>
  validate('p.prediction.yaml', `kind: prediction\ntraining_job: churn.training.yaml\n${extra}\n`);

const codesAt = (found: Found[]) => found.map((f) => `${f.code} @ ${f.at}`);

describe('the report’s cases (issue 8, finding 10)', () => {
  it('a PQL constant 1e400 is not a number: number-out-of-range at the constant', () => {
    const found = churn('0, 30, days', '> 1e400');
    assert.deepEqual(codesAt(found), ['number-out-of-range @ 1e400']);
    assert.match(found[0].message, /too large to be a number/);
  });

  it('a window of 1e23 days: number-out-of-range at the window end', () => {
    const found = churn('0, 100000000000000000000000, days');
    assert.deepEqual(codesAt(found), ['number-out-of-range @ 100000000000000000000000']);
    assert.match(found[0].message, /36,525 days \(100 years\)/);
  });

  it('timeframe_step: 1e308: a schema error at the number, as written', () => {
    const found = training(
      'PREDICT COUNT(orders.*, 0, 30) = 0 FOR EACH customers.customer_id',
      'train:\n  timeframe_step: 1e308\n',
    );
    assert.deepEqual(codesAt(found), ['schema @ 1e308']);
    assert.equal(found[0].message, "'train.timeframe_step' must be at most 36525 (got 1e308).");
  });

  it('1e400, .inf and .nan in the spec are not finite: a schema error that says so', () => {
    for (const written of ['1e400', '.inf', '-.inf', '.nan']) {
      const found = prediction(`binary_classification_threshold: ${written}`);
      assert.deepEqual(codesAt(found), [`schema @ ${written}`], written);
      assert.match(found[0].message, /must be a finite number/);
    }
  });
});

describe('spec numbers at their bounds', () => {
  const step = (value: string) =>
    training(
      'PREDICT COUNT(orders.*, 0, 30) = 0 FOR EACH customers.customer_id',
      `train:\n  timeframe_step: ${value}\n`,
    );

  it('train.timeframe_step: a whole number of days from 1 to 36525', () => {
    assert.deepEqual(step(String(MAX_TIMEFRAME_STEP_DAYS)), []);
    assert.deepEqual(step('1'), []);
    assert.deepEqual(codesAt(step(String(MAX_TIMEFRAME_STEP_DAYS + 1))), [`schema @ ${MAX_TIMEFRAME_STEP_DAYS + 1}`]);
    assert.deepEqual(codesAt(step('0')), ['schema @ 0']);
    assert.deepEqual(codesAt(step('1.5')), ['schema @ 1.5']);
  });

  it('num_classes_to_return: 1 to 1000; num_workers: 1 to 4; binary_classification_threshold: 0 to 1', () => {
    // The churn task is binary: num_classes_to_return draws classes-not-applicable when it is valid, nothing else.
    const classes = (n: number) => prediction(`binary_classification_threshold: 0.5\nnum_classes_to_return: ${n}`);
    assert.deepEqual(codesAt(classes(MAX_CLASSES_PER_ENTITY)), ['classes-not-applicable @ num_classes_to_return']);
    // Two causes, two diagnostics: the value is out of range, and the key does not apply to a binary task.
    assert.deepEqual(codesAt(classes(MAX_CLASSES_PER_ENTITY + 1)), [
      `schema @ ${MAX_CLASSES_PER_ENTITY + 1}`,
      'classes-not-applicable @ num_classes_to_return',
    ]);
    assert.deepEqual(prediction('binary_classification_threshold: 0.5\nnum_workers: 4'), []);
    assert.deepEqual(codesAt(prediction('binary_classification_threshold: 0.5\nnum_workers: 5')), ['schema @ 5']);
    assert.deepEqual(prediction('binary_classification_threshold: 1'), []);
    assert.deepEqual(codesAt(prediction('binary_classification_threshold: 1.0001')), ['schema @ 1.0001']);
  });

  it('model settings: the schema has exactly the engine’s keys and ranges, and holds them just inside and outside', () => {
    const model = (SPEC_SCHEMAS.training.properties.model as { properties: Record<string, Record<string, unknown>> })
      .properties;
    assert.deepEqual(
      Object.keys(model)
        .filter((k) => k !== 'run_mode')
        .sort(),
      GBDT_SETTING_DESCRIPTORS.map((d) => d.key).sort(),
    );
    const settings = (yaml: string) =>
      training('PREDICT COUNT(orders.*, 0, 30) = 0 FOR EACH customers.customer_id', `model:\n  ${yaml}\n`);
    for (const descriptor of GBDT_SETTING_DESCRIPTORS) {
      const schema = model[descriptor.key];
      if (descriptor.type === 'enum') {
        assert.deepEqual(schema.enum, [...descriptor.values], descriptor.key);
        continue;
      }
      if (descriptor.type === 'number-or-auto') {
        assert.deepEqual(settings(`${descriptor.key}: auto`), []);
        assert.deepEqual(codesAt(settings(`${descriptor.key}: 0`)), ['schema @ 0'], descriptor.key);
        continue;
      }
      assert.equal(schema.type, descriptor.type, descriptor.key);
      assert.equal(schema.maximum, descriptor.max, descriptor.key);
      assert.equal(descriptor.minExclusive ? schema.exclusiveMinimum : schema.minimum, descriptor.min, descriptor.key);
      const inside = descriptor.minExclusive ? descriptor.max : descriptor.min;
      assert.deepEqual(settings(`${descriptor.key}: ${inside}`), [], `${descriptor.key}: ${inside}`);
      const above = descriptor.type === 'integer' ? descriptor.max + 1 : descriptor.max * 1.5 || 1;
      assert.deepEqual(codesAt(settings(`${descriptor.key}: ${above}`)), [`schema @ ${above}`], descriptor.key);
      assert.deepEqual(codesAt(settings(`${descriptor.key}: 1e400`)), ['schema @ 1e400'], descriptor.key);
    }
  });

  it('dates exist and lie from 1678-01-01 to 2261-12-31: number-out-of-range at the date', () => {
    const anchor = (date: string) => prediction(`binary_classification_threshold: 0.5\nanchor_time: ${date}`);
    for (const ok of ['2024-02-29', '1678-01-01', '2261-12-31', '2024-01-31 23:59:59', '2024-01-31T00:00:00Z']) {
      assert.deepEqual(anchor(ok), [], ok);
    }
    for (const [bad, why] of [
      ['2023-02-29', /day 29 does not exist in February 2023 \(it has 28 days\)/],
      ['2024-13-01', /month 13 does not exist/],
      ['2024-04-31', /day 31 does not exist in April 2024/],
      ['1677-12-31', /outside the dates Relgraph runs at \(1678-01-01 to 2261-12-31\)/],
      ['2262-01-01', /outside the dates/],
      ['9999-12-31', /outside the dates/],
      ['2024-01-31 24:00:00', /hour 24 does not exist/],
    ] as const) {
      const found = anchor(bad);
      assert.deepEqual(codesAt(found), [`number-out-of-range @ ${bad}`], bad);
      assert.match(found[0].message, why);
    }
    const train = training(
      'PREDICT COUNT(orders.*, 0, 30) = 0 FOR EACH customers.customer_id',
      'train:\n  start_time: 2020-02-30\n  end_time: 2300-01-01\n  validation_start: 2021-01-01\n',
    );
    assert.deepEqual(codesAt(train), ['number-out-of-range @ 2020-02-30', 'number-out-of-range @ 2300-01-01']);
  });
});

describe('query numbers at their bounds', () => {
  it('window offsets: within 100 years in every unit, either way; -INF is fine', () => {
    // PQL has no seconds or weeks (the parser says so); every unit it has is bounded.
    const units = WINDOW_UNITS.map((unit) => [unit, MAX_WINDOW_OFFSET[unit]] as const);
    assert.equal(units.length, 4);
    for (const [unit, max] of units) {
      assert.deepEqual(churn(`0, ${max}, ${unit}`), [], `${max} ${unit}`);
      assert.deepEqual(codesAt(churn(`0, ${max + 1}, ${unit}`)), [`number-out-of-range @ ${max + 1}`], unit);
      // A past window: in an entity filter, where looking back is allowed.
      const filter = (start: number) =>
        training(
          `PREDICT COUNT(orders.*, 0, 30) = 0 FOR EACH customers.customer_id WHERE COUNT(orders.*, ${start}, 0, ${unit}) > 0`,
        );
      assert.deepEqual(filter(-max), [], `-${max} ${unit}`);
      const outside = filter(-max - 1);
      assert.deepEqual(codesAt(outside), [`number-out-of-range @ ${-max - 1}`], unit);
      assert.match(outside[0].message, /write -INF/);
    }
    assert.deepEqual(
      training('PREDICT COUNT(orders.*, 0, 30) = 0 FOR EACH customers.customer_id WHERE COUNT(orders.*, -INF, 0) > 0'),
      [],
    );
  });

  it('number constants: finite, and exact when written as whole numbers', () => {
    assert.deepEqual(churn('0, 30', '> 1.7e308'), []);
    assert.deepEqual(churn('0, 30', '> 9007199254740991'), []);
    assert.deepEqual(codesAt(churn('0, 30', '> 9007199254740993')), ['number-out-of-range @ 9007199254740993']);
    assert.deepEqual(codesAt(churn('0, 30', '> -1e400')), ['number-out-of-range @ -1e400']);
    const inList = training('PREDICT COUNT(orders.*, 0, 30) = 0 FOR customers.customer_id IN (1, 2e999)');
    assert.deepEqual(codesAt(inList), ['number-out-of-range @ 2e999']);
  });

  it('date constants exist and lie in the supported range', () => {
    const since = (date: string) =>
      training(`PREDICT COUNT(orders.* WHERE orders.ts > ${date}, 0, 30) = 0 FOR EACH customers.customer_id`);
    assert.deepEqual(since('2024-02-29'), []);
    assert.deepEqual(codesAt(since('2023-02-29')), ['number-out-of-range @ 2023-02-29']);
    assert.deepEqual(codesAt(since('1000-01-01')), ['number-out-of-range @ 1000-01-01']);
  });

  it('RANK TOP k: at most 1000', () => {
    const rank = (k: number) =>
      training(`PREDICT LIST_DISTINCT(orders.order_id, 0, 30) RANK TOP ${k} FOR EACH customers.customer_id`);
    const inside = rank(MAX_CLASSES_PER_ENTITY).map((f) => f.code);
    assert.ok(!inside.includes('pql-top-k-out-of-range'), inside.join());
    assert.ok(
      codesAt(rank(MAX_CLASSES_PER_ENTITY + 1)).includes(`pql-top-k-out-of-range @ ${MAX_CLASSES_PER_ENTITY + 1}`),
    );
  });
});

describe('numbers never reach SQL unchecked', () => {
  it('the shared SQL builders refuse what validation reports, with a plain message', () => {
    const constant = (value: number) =>
      ({ kind: 'constant', type: 'number', value, integer: false, span: { start: 0, end: 1 } }) as const;
    assert.equal(constantSql(constant(1.5)), '1.5');
    assert.throws(() => constantSql(constant(Infinity)), /the constant Infinity is not a finite number/);
    assert.throws(() => constantSql(constant(NaN)), /not a finite number/);
    assert.equal(intervalSql(-30, 'days'), 'to_days(-30)');
    assert.throws(
      () => intervalSql(1e23, 'days'),
      /window offset 1e\+23 days is not a whole number the engine can run/,
    );
  });
});

describe('non-finite values where text is expected', () => {
  it('say what type is expected, not that the number is too large', () => {
    const found = prediction('binary_classification_threshold: 0.5\nname: .inf');
    assert.deepEqual(codesAt(found), ['schema @ .inf']);
    assert.match(found[0].message, /'name' must be a string/);
  });
});
