import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { DataValidator } from '../../../data/DataValidator';
import { NodeSpecHost } from '../../../data/NodeSpecHost';

/** The data tier on real data: the Formula 1 examples (Ergast CSVs, as RelBench's rel-f1 lays them out). */
const F1 = path.resolve(__dirname, '..', '..', '..', 'examples', 'f1');
const validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false });
after(() => validator.dispose());

async function dataDiagnostics(file: string) {
  return validator.validate(validateSpecFile(path.join(F1, file), new NodeSpecHost()));
}

describe('F1 examples', () => {
  it('finds the blank nationalities of the inference drivers: 85 of 857 rows to predict', async () => {
    const diagnostics = await dataDiagnostics('driver-nationality.prediction.yaml');
    const found = diagnostics.filter((d) => d.code === 'null-targets-found');
    assert.equal(found.length, 1, JSON.stringify(diagnostics));
    assert.match(found[0].message, /^85 of 857 'drivers' rows \(9\.9%\) have no 'nationality'/);
    assert.match(found[0].message, /read data\/inference\/drivers\.csv, 857 rows/);
  });

  it('reports no data errors on any example spec', async () => {
    const specs = fs.readdirSync(F1).filter((f) => /\.(graph|training|prediction)\.yaml$/.test(f));
    assert.ok(specs.length >= 5);
    for (const spec of specs) {
      const errors = (await dataDiagnostics(spec)).filter((d) => d.severity === 'error');
      assert.deepEqual(errors, [], spec);
    }
  });

  it('profiles the real results table: keys unique, dates parsed, every column typed', async () => {
    const v = validateSpecFile(path.join(F1, 'f1.graph.yaml'), new NodeSpecHost());
    const results = v.graph?.tables.find((t) => t.name === 'results');
    assert.ok(results);
    const profile = await validator.profileTable(results, undefined, { graph: v.graph });
    assert.ok(profile);
    assert.equal(profile.primaryKey?.duplicateValueCount, 0);
    assert.equal(profile.primaryKey?.nullCount, 0);
    assert.equal(profile.timeColumns[0].notTemporalCount, 0);
    assert.equal(profile.columns.find((c) => c.name === 'driverId')?.stype, 'ID');
    assert.ok(profile.rowCount > 10_000);
  });
});
