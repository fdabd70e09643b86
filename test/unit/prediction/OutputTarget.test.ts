import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DestinationError, partitionFileName, resolveOutputTargets } from '../../../core/destinations/OutputTarget';

const base = '/ws/specs';
const defaults = { baseDir: base, defaultDir: '/ws/.relgraph/jobs/bp-job-x', defaultName: 'dnf' };

describe('resolveOutputTargets', () => {
  it('appends the output type to a file name, one artifact per type', () => {
    const targets = resolveOutputTargets({
      ...defaults,
      outputTypes: ['predictions', 'embeddings'],
      path: 'out/dnf.parquet',
    });
    assert.deepEqual(targets, [
      {
        outputType: 'predictions',
        artifactName: 'dnf_predictions',
        path: path.join(base, 'out/dnf_predictions.parquet'),
        format: 'parquet',
        partitioned: false,
      },
      {
        outputType: 'embeddings',
        artifactName: 'dnf_embeddings',
        path: path.join(base, 'out/dnf_embeddings.parquet'),
        format: 'parquet',
        partitioned: false,
      },
    ]);
  });

  it('takes the format from the extension unless given, and adds the extension when missing', () => {
    assert.equal(resolveOutputTargets({ ...defaults, outputTypes: ['predictions'], path: 'p.csv' })[0].format, 'csv');
    const bare = resolveOutputTargets({ ...defaults, outputTypes: ['predictions'], path: 'out/p', format: 'csv' })[0];
    assert.equal(bare.path, path.join(base, 'out/p_predictions.csv'));
  });

  it('turns {{PARTITION}} into a folder of part files named after the folder', () => {
    const [t] = resolveOutputTargets({
      ...defaults,
      outputTypes: ['predictions'],
      path: 'out/dnf/{{PARTITION}}.parquet',
    });
    assert.equal(t.partitioned, true);
    assert.equal(t.path, path.join(base, 'out/dnf_predictions'));
    assert.equal(partitionFileName(0, 'parquet'), 'part_000.parquet');
    assert.equal(partitionFileName(12, 'parquet'), 'part_012.parquet');
    const [top] = resolveOutputTargets({ ...defaults, outputTypes: ['embeddings'], path: '{{PARTITION}}.parquet' });
    assert.equal(top.path, path.join(base, 'dnf_embeddings'));
  });

  it('refuses {{PARTITION}} with CSV or inside a longer name', () => {
    assert.throws(
      () => resolveOutputTargets({ ...defaults, outputTypes: ['predictions'], path: 'o/{{PARTITION}}.csv' }),
      /partitioned Parquet; set 'format: parquet'/,
    );
    assert.throws(
      () => resolveOutputTargets({ ...defaults, outputTypes: ['predictions'], path: 'o/x-{{PARTITION}}.parquet' }),
      /must be the whole file name/,
    );
  });

  it('defaults to Parquet in the job folder, named after the spec', () => {
    const [t] = resolveOutputTargets({ ...defaults, outputTypes: ['predictions'] });
    assert.equal(t.path, '/ws/.relgraph/jobs/bp-job-x/dnf_predictions.parquet');
  });

  it('refuses remote destinations, naming the Kumo backend', () => {
    for (const type of ['s3', 'snowflake', 'bigquery', 'databricks'] as const) {
      assert.throws(
        () => resolveOutputTargets({ ...defaults, outputTypes: ['predictions'], type, path: 'x' }),
        (e: Error) => e instanceof DestinationError && /Kumo backend/.test(e.message) && e.message.includes(type),
      );
    }
    assert.throws(
      () => resolveOutputTargets({ ...defaults, outputTypes: ['predictions'], path: 's3://bucket/p.parquet' }),
      /remote location: only the Kumo backend/,
    );
  });
});
