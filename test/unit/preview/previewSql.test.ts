import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreviewColumn } from '../../../core/preview/PreviewModel';
import { neighboursQuery } from '../../../data/preview/embeddingNeighbours';
import {
  countQuery,
  filterCondition,
  pageQuery,
  PreviewQueryError,
  viewQuery,
  type PreviewSchema,
} from '../../../data/preview/previewSql';

const col = (name: string, kind: PreviewColumn['kind'], origin: PreviewColumn['origin'] = 'output'): PreviewColumn => ({
  name,
  kind,
  sqlType: kind,
  origin,
});

const schema: PreviewSchema = {
  output: 'rg_out',
  columns: [
    col('ENTITY', 'number'),
    col('ANCHOR_TIMESTAMP', 'time'),
    col('TARGET_PRED', 'boolean'),
    col('TRUE_PROB', 'number'),
    col('weird "name"; DROP TABLE x', 'text'),
    col('drivers.forename', 'text', 'entity'),
  ],
  entity: { relation: 'rg_ent', outputKey: 'ENTITY', entityKey: '__rg_key', compareAsText: false },
};

describe('preview SQL from typed parameters', () => {
  it('binds filter values and quotes column names: user text never becomes SQL', () => {
    const evil = "x'); DROP TABLE rg_out; --";
    const q = countQuery(schema, { filters: [{ column: 'weird "name"; DROP TABLE x', op: 'contains', value: evil }] });
    assert.deepEqual(q.params, [evil]);
    assert.ok(!q.sql.includes(evil), q.sql);
    assert.ok(q.sql.includes('o."weird ""name""; DROP TABLE x"'), q.sql);
    assert.match(q.sql, /contains\(lower\(CAST\(o\."weird ""name""; DROP TABLE x" AS VARCHAR\)\), lower\(\$1\)\)/);
  });

  it('refuses columns the output does not have, and operations a column kind lacks', () => {
    assert.throws(() => countQuery(schema, { filters: [{ column: 'nope', op: 'isEmpty' }] }), PreviewQueryError);
    assert.throws(
      () => countQuery(schema, { filters: [{ column: 'drivers.forename', op: 'lt', value: 3 }] }),
      /compare it with the text filters/,
    );
    assert.throws(
      () => filterCondition(col('P', 'number'), { column: 'P', op: 'gt', value: 'abc' }, []),
      /needs a number/,
    );
    assert.throws(() => filterCondition(col('T', 'text'), { column: 'T', op: 'isTrue' }, []), /not a true\/false/);
    assert.throws(() => pageQuery(schema, { sort: { column: 'nope', descending: true }, filters: [] }, 0, 10));
    assert.throws(() => pageQuery(schema, { filters: [] }, -1, 10), /offset/);
    assert.throws(() => pageQuery(schema, { filters: [] }, 0, 0), /at least one row/);
  });

  it('compares numbers and times through bound, cast parameters', () => {
    const params: (string | number)[] = [];
    assert.equal(
      filterCondition(col('TRUE_PROB', 'number'), { column: 'TRUE_PROB', op: 'ge', value: 0.9 }, params),
      'CAST(o."TRUE_PROB" AS DOUBLE) >= CAST($1 AS DOUBLE)',
    );
    assert.equal(
      filterCondition(col('T', 'time'), { column: 'T', op: 'lt', value: '2010-01-01' }, params),
      'CAST(o."T" AS TIMESTAMP) < CAST($2 AS TIMESTAMP)',
    );
    assert.deepEqual(params, [0.9, '2010-01-01']);
    assert.throws(() => filterCondition(col('T', 'time'), { column: 'T', op: 'lt', value: 'soon' }, []), /date/);
  });

  it('pages with LIMIT/OFFSET as parameters, the sort column first and the keys as tie-breakers', () => {
    const q = pageQuery(schema, { sort: { column: 'TRUE_PROB', descending: true }, filters: [] }, 200, 100);
    assert.deepEqual(q.params, [100, 200]);
    assert.match(
      q.sql,
      /ORDER BY o\."TRUE_PROB" DESC NULLS LAST, o\."ENTITY" ASC NULLS LAST, o\."ANCHOR_TIMESTAMP" ASC/,
    );
    assert.match(q.sql, /LIMIT \$1 OFFSET \$2\)/);
    // The sort reads only output columns: the page is cut first, then joined to the entity table.
    assert.match(q.sql, /^WITH page AS \(SELECT o\.\* FROM rg_out o ORDER BY/);
    assert.match(q.sql, /FROM page p LEFT JOIN rg_ent e ON p\."ENTITY" = e\."__rg_key"/);
  });

  it('joins before cutting the page when the sort or a filter reads an entity column', () => {
    const q = pageQuery(
      schema,
      {
        sort: { column: 'drivers.forename', descending: false },
        filters: [{ column: 'TRUE_PROB', op: 'gt', value: 0.5 }],
      },
      0,
      50,
    );
    assert.match(q.sql, /^SELECT .* FROM rg_out o LEFT JOIN rg_ent e ON o\."ENTITY" = e\."__rg_key" WHERE/);
    assert.match(q.sql, /ORDER BY e\."drivers\.forename" ASC NULLS LAST/);
    assert.deepEqual(q.params, [0.5, 50, 0]);
    const text = pageQuery({ ...schema, entity: { ...schema.entity!, compareAsText: true } }, { filters: [] }, 0, 1);
    assert.match(text.sql, /CAST\(p\."ENTITY" AS VARCHAR\) = CAST\(e\."__rg_key" AS VARCHAR\)/);
  });

  it('exports the whole view: no LIMIT, same order and filters', () => {
    const q = viewQuery(schema, {
      sort: { column: 'TRUE_PROB', descending: true },
      filters: [{ column: 'TARGET_PRED', op: 'isTrue' }],
    });
    assert.doesNotMatch(q.sql, /LIMIT/);
    assert.match(q.sql, /WHERE o\."TARGET_PRED" = true ORDER BY o\."TRUE_PROB" DESC/);
    assert.deepEqual(q.params, []);
  });

  it('never sorts by a list column', () => {
    const lists: PreviewSchema = { output: 'e', columns: [col('ENTITY', 'number'), col('EMBEDDING', 'list')] };
    assert.throws(
      () => pageQuery(lists, { sort: { column: 'EMBEDDING', descending: true }, filters: [] }, 0, 1),
      /lists/,
    );
  });

  it('asks nearest neighbours with the selected row bound, itself excluded', () => {
    const emb: PreviewSchema = {
      output: 'e',
      columns: [col('ENTITY', 'number'), col('ANCHOR_TIMESTAMP', 'time'), col('EMBEDDING', 'list')],
    };
    const q = neighboursQuery(emb, { entity: "7' OR 1=1", anchor: '2010-01-01' }, 5);
    assert.deepEqual(q.params, ["7' OR 1=1", '2010-01-01', 5]);
    assert.match(
      q.sql,
      /WHERE NOT \(CAST\(o\."ENTITY" AS VARCHAR\) = \$1 AND o\."ANCHOR_TIMESTAMP" = CAST\(\$2 AS TIMESTAMP\)\)/,
    );
    assert.match(q.sql, /LIMIT \$3$/);
    assert.throws(() => neighboursQuery(emb, { entity: '1' }, 0), /1 to 100/);
    assert.throws(() => neighboursQuery(schema, { entity: '1' }, 3), /embeddings output/);
  });
});
