import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTYPES } from '../../../core/spec/SpecModel';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { defaultStype, duckDbTypeToDtype } from '../../../data/typeMapping';
import { dtypeOfSqlType, inferStype, isNumericDtype } from '../../../engine/features/columnTypes';

describe('one dtype mapping for the data checks and the engine (data/typeMapping)', () => {
  it('maps unsigned integers to the next wider signed dtype, so every value fits', async () => {
    const session = await DuckDbSession.open({ threads: 1 });
    try {
      const rows = await session.rows(
        'DESCRIBE SELECT 200::UTINYINT AS u8, 60000::USMALLINT AS u16, 4000000000::UINTEGER AS u32, ' +
          "1::UBIGINT AS u64, 'a'::ENUM('a', 'b') AS e, 'x'::VARCHAR(3) AS v, [1::UTINYINT] AS ul, TIME '10:00' AS t",
      );
      const dtypes = Object.fromEntries(rows.map((r) => [r.column_name, duckDbTypeToDtype(String(r.column_type))]));
      assert.deepEqual(dtypes, {
        u8: 'int16',
        u16: 'int32',
        u32: 'int64',
        u64: 'int64',
        e: 'string',
        v: 'string',
        ul: 'intlist',
        t: 'time',
      });
      for (const row of rows) {
        const sqlType = String(row.column_type);
        assert.equal(dtypeOfSqlType(sqlType), duckDbTypeToDtype(sqlType), `the engine reads ${sqlType} the same`);
      }
    } finally {
      session.close();
    }
  });

  it("infers the engine's stypes from Kumo's defaults, departing only where the model needs it", () => {
    const departures = DTYPES.filter((dtype) => inferStype(dtype, 'value') !== defaultStype(dtype)).map(
      (dtype) => `${dtype}: ${defaultStype(dtype)} -> ${inferStype(dtype, 'value')}`,
    );
    assert.deepEqual(departures, [
      'bool: categorical -> numerical',
      'binary: categorical -> unsupported',
      'time: timestamp -> unsupported',
      'timedelta: numerical -> unsupported',
      'intlist: sequence -> multicategorical',
    ]);
    assert.equal(inferStype('string', 'value', { nonNullCount: 1000, distinctCount: 12 }), 'categorical');
    assert.equal(inferStype('string', 'value', { nonNullCount: 1000, distinctCount: 900 }), 'text');
    assert.equal(inferStype('float64', 'key'), 'ID');
    assert.equal(inferStype('string', 'time'), 'timestamp');
    assert.equal(isNumericDtype('bool'), true);
  });
});
