import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_SCHEMAS } from '../../../server/schema/bundledSchemas';
import { SchemaCatalog } from '../../../server/schema/SchemaCatalog';

const catalog = new SchemaCatalog(BUNDLED_SCHEMAS);

describe('SchemaCatalog', () => {
  it('lists the top-level keys of each spec kind with required flags', () => {
    const prediction = catalog.propertiesAt('prediction', []);
    assert.ok(prediction.some((p) => p.name === 'training_job' && p.required));
    assert.ok(prediction.some((p) => p.name === 'binary_classification_threshold' && !p.required));
    assert.ok(catalog.propertiesAt('training', []).some((p) => p.name === 'query' && p.required));
  });

  it('descends through additionalProperties and $ref to a table', () => {
    const keys = catalog.propertiesAt('graph', ['tables', 'anything']).map((p) => p.name);
    for (const key of ['source', 'primary_key', 'time_column', 'columns']) assert.ok(keys.includes(key), key);
  });

  it('follows a $ref into another schema file (an inline graph in a training spec)', () => {
    const keys = catalog.propertiesAt('training', ['graph', 'tables', 'users']).map((p) => p.name);
    assert.ok(keys.includes('primary_key'));
    assert.deepEqual(
      catalog
        .propertiesAt('training', ['graph', 'edges', 0])
        .map((p) => p.name)
        .sort(),
      ['dst_table', 'fkey', 'src_table'],
    );
  });

  it('offers enum values through oneOf branches and array items', () => {
    const stypes = catalog.valuesAt('graph', ['tables', 't', 'columns', 'c']).map((v) => v.value);
    assert.ok(stypes.includes('categorical') && stypes.includes('numerical'));
    assert.deepEqual(
      catalog.valuesAt('prediction', ['output_types', 0]).map((v) => v.value),
      ['predictions', 'embeddings'],
    );
    assert.deepEqual(
      catalog.valuesAt('graph', ['tables', 't', 'columns', 'c', 'exclude']).map((v) => v.value),
      [true, false],
    );
  });

  it('describes a key with its own text before its $ref target', () => {
    const own = BUNDLED_SCHEMAS.prediction.properties!.anchor_time;
    assert.ok(own.$ref && own.description);
    assert.equal(catalog.descriptionAt('prediction', ['anchor_time'])?.description, own.description);
    assert.equal(catalog.schemasAt('graph', ['no_such_key']).length, 0);
  });
});
