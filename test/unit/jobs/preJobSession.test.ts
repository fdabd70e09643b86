import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { openPreJobSession } from '../../../engine/jobs/preJobSession';

const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-prejob-'));
after(() => fs.rmSync(cache, { recursive: true, force: true }));

describe('the job session opened before validation (engine/jobs/preJobSession.ts)', () => {
  it('lives in job-work/ of the cache folder, is removed on close, and clears only the folders of gone processes', async () => {
    const work = path.join(cache, 'job-work');
    fs.mkdirSync(work, { recursive: true, mode: 0o700 });
    fs.chmodSync(cache, 0o700);
    // A process that is gone (no such pid), this process (alive), and names not of the pattern: only the first goes.
    const gone = path.join(work, '999999999-AbC123');
    const alive = path.join(work, `${process.pid}-AbC123`);
    const other = path.join(work, 'notes');
    for (const dir of [gone, alive, other]) fs.mkdirSync(dir);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-prejob-outside-'));
    fs.symlinkSync(outside, path.join(work, '999999998-XyZ789'));

    const preJob = await openPreJobSession(cache, 1);
    try {
      assert.equal(path.dirname(preJob.folder), work);
      assert.match(path.basename(preJob.folder), new RegExp(`^${process.pid}-[A-Za-z0-9]{6}$`));
      assert.equal(fs.existsSync(gone), false, 'the gone process’s folder is removed');
      assert.ok(fs.existsSync(alive) && fs.existsSync(other), 'the rest is left');
      assert.ok(fs.existsSync(outside), 'a link is never followed');
      await preJob.session.run('CREATE TABLE t AS SELECT 1 AS x');
      assert.ok(fs.existsSync(path.join(preJob.folder, 'tables.duckdb')), 'its tables are in its folder');
    } finally {
      preJob.close();
      fs.rmSync(outside, { recursive: true, force: true });
    }
    assert.equal(fs.existsSync(preJob.folder), false, 'removed on close');
    preJob.close();
  });
});
