import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import {
  defaultStype,
  dtypeFamily,
  duckDbTypeToDtype,
  inferredStype,
  STYPE_ALLOWED_DTYPES,
  stypeSupportsDtype,
} from '../../../data/typeMapping';

describe('typeMapping', () => {
  it('maps the types DuckDB actually reports (DESCRIBE of real values) to Kumo dtypes', async () => {
    const session = await DuckDbSession.open({ threads: 1 });
    try {
      const rows = await session.rows(
        `DESCRIBE SELECT true AS b, 1::TINYINT AS i8, 1::SMALLINT AS i16, 1::INTEGER AS i32, 1::BIGINT AS i64, 1::HUGEINT AS i128, ` +
          `1::UTINYINT AS u8, 1.5::FLOAT AS f32, 1.5::DOUBLE AS f64, 1.5::DECIMAL(10,2) AS dec, 'x' AS s, 'x'::BLOB AS bin, ` +
          `DATE '2020-01-01' AS d, TIMESTAMP '2020-01-01' AS ts, now() AS tstz, TIME '10:00:00' AS t, INTERVAL 1 DAY AS iv, ` +
          `[1, 2] AS il, [1.5]::FLOAT[1] AS fa, ['a'] AS sl, {'a': 1} AS st, uuid() AS u`,
      );
      const dtypes = Object.fromEntries(rows.map((r) => [r.column_name, duckDbTypeToDtype(String(r.column_type))]));
      assert.deepEqual(dtypes, {
        b: 'bool',
        i8: 'byte',
        i16: 'int16',
        i32: 'int32',
        i64: 'int64',
        i128: 'int64',
        u8: 'int16',
        f32: 'float32',
        f64: 'float64',
        dec: 'float64',
        s: 'string',
        bin: 'binary',
        d: 'date',
        ts: 'date',
        tstz: 'date',
        t: 'time',
        iv: 'timedelta',
        il: 'intlist',
        fa: 'floatlist',
        sl: 'stringlist',
        st: 'unsupported',
        u: 'string',
      });
    } finally {
      session.close();
    }
  });

  it('gives Kumo default stypes, with keys as ID and time columns as timestamps', () => {
    assert.equal(defaultStype('string'), 'text');
    assert.equal(defaultStype('int64'), 'numerical');
    assert.equal(defaultStype('bool'), 'categorical');
    assert.equal(defaultStype('date'), 'timestamp');
    assert.equal(defaultStype('stringlist'), 'multicategorical');
    assert.equal(defaultStype('floatlist'), 'sequence');
    assert.equal(inferredStype('string', 'primary-key'), 'ID');
    assert.equal(inferredStype('int64', 'foreign-key'), 'ID');
    assert.equal(inferredStype('string', 'time'), 'timestamp');
    // A date cannot be an ID: the key role does not force an impossible stype.
    assert.equal(inferredStype('date', 'foreign-key'), 'timestamp');
  });

  it('follows the stype/dtype support matrix', () => {
    assert.equal(stypeSupportsDtype('numerical', 'string'), false);
    assert.equal(stypeSupportsDtype('numerical', 'timedelta'), true);
    assert.equal(stypeSupportsDtype('text', 'int64'), false);
    assert.equal(stypeSupportsDtype('ID', 'float32'), true);
    assert.equal(stypeSupportsDtype('timestamp', 'string'), true);
    assert.equal(stypeSupportsDtype('multicategorical', 'stringlist'), true);
    assert.deepEqual(STYPE_ALLOWED_DTYPES.text, ['string']);
  });

  it('puts key dtypes in families: numbers together, strings together', () => {
    assert.equal(dtypeFamily('int32'), dtypeFamily('float64'));
    assert.notEqual(dtypeFamily('int64'), dtypeFamily('string'));
    assert.equal(dtypeFamily('binary'), 'string');
  });
});
