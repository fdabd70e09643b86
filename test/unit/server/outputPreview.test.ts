import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { kumoOutputCacheFolder } from '../../../data/preview/kumoOutputCache';
import { sqlString } from '../../../data/sourceScan';
import type {
  OpenPreviewParams,
  OpenPreviewResult,
  PreviewExportResult,
  PreviewPageResult,
} from '../../../protocol/outputPreview';
import { LspTestClient } from './lspTestClient';
import { SHOP_FILES } from './shopWorkspace';

/** A predictions CSV as the local engine writes it, for the shop's four users. */
const PREDICTIONS_CSV =
  'ENTITY,ANCHOR_TIMESTAMP,TARGET_PRED,FALSE_PROB,TRUE_PROB\n' +
  '1,2024-04-01,false,0.8,0.2\n2,2024-04-01,true,0.1,0.9\n3,2024-04-01,false,0.6,0.4\n4,2024-04-01,true,0.3,0.7\n';

const TRAINING_RECORD = {
  formatVersion: 1,
  id: 'trainingjob-20240101-000000-abc',
  kind: 'training',
  status: 'DONE',
  summary: { threshold: 0.65 },
};

function openParams(client: LspTestClient, overrides: Partial<OpenPreviewParams> = {}): OpenPreviewParams {
  const file = client.path('out/churn_predictions.csv');
  return {
    v: 1,
    job: {
      ref: 'bp-job-20240101-000000-abc',
      workspace: client.root,
      specPath: client.path('churn.prediction.yaml'),
      threshold: 0.5,
      trainingJobId: TRAINING_RECORD.id,
    },
    artifact: 'predictions',
    location: { kind: 'files', format: 'csv', path: file, files: [file] },
    ...overrides,
  };
}

const FILES = {
  ...SHOP_FILES,
  'out/churn_predictions.csv': PREDICTIONS_CSV,
  [`.relgraph/jobs/${TRAINING_RECORD.id}.json`]: JSON.stringify(TRAINING_RECORD),
};

describe('predictions preview requests (language server)', () => {
  let client: LspTestClient;
  afterEach(() => client?.dispose());

  it('opens a local output with the entity table joined, the threshold training chose, sorted pages', async () => {
    client = await LspTestClient.start({ files: FILES });
    const opened = await client.request<OpenPreviewResult>('relgraph/preview/open', openParams(client));
    assert.equal(opened.error, undefined);
    assert.equal(opened.totalRows, 4);
    assert.deepEqual(opened.entity, { table: 'users', key: 'user_id', columns: ['users.signup', 'users.country'] });
    assert.equal(opened.summary?.kind, 'binary');
    assert.equal(opened.summary?.kind === 'binary' && opened.summary.trainingThreshold, 0.65);
    const page = await client.request<PreviewPageResult>('relgraph/preview/page', {
      v: 1,
      session: opened.session,
      view: { sort: { column: 'TRUE_PROB', descending: true }, filters: [] },
      offset: 0,
      limit: 2,
    });
    const at = (name: string) => opened.columns.findIndex((c) => c.name === name);
    assert.equal(page.total, 4);
    assert.deepEqual(
      page.rows.map((r) => [r[at('ENTITY')], r[at('TRUE_PROB')], r[at('users.country')]]),
      [
        [2, 0.9, 'DE'],
        [4, 0.7, null],
      ],
    );
    const bad = await client.request<PreviewPageResult>('relgraph/preview/page', {
      v: 1,
      session: opened.session,
      view: { filters: [{ column: 'no such column', op: 'isEmpty' }] },
      offset: 0,
      limit: 2,
    });
    assert.match(bad.error!, /no column 'no such column'/);
    const target = path.join(client.root, 'exported.csv');
    const exported = await client.request<PreviewExportResult>('relgraph/preview/export', {
      v: 1,
      session: opened.session,
      view: { filters: [{ column: 'users.country', op: 'notEmpty' }] },
      path: target,
    });
    assert.equal(exported.rows, 3);
    assert.equal(fs.readFileSync(target, 'utf8').trim().split('\n').length, 4);
    await client.connection.sendNotification('relgraph/preview/close', { v: 1, session: opened.session });
  });

  it('refuses in Restricted Mode, and files outside the workspace folder', async () => {
    client = await LspTestClient.start({ files: FILES, initializationOptions: { trusted: false } });
    const restricted = await client.request<OpenPreviewResult>('relgraph/preview/open', openParams(client));
    assert.match(restricted.error!, /Restricted Mode/);
    assert.equal(restricted.session, undefined);
    await client.dispose();

    client = await LspTestClient.start({ files: FILES });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-outside-'));
    try {
      const file = path.join(outside, 'secrets.csv');
      fs.writeFileSync(file, 'ENTITY,TRUE_PROB\n1,0.5\n');
      const refused = await client.request<OpenPreviewResult>(
        'relgraph/preview/open',
        openParams(client, { location: { kind: 'files', format: 'csv', path: file, files: [file] } }),
      );
      assert.match(refused.error!, /is outside/);
      const local = await client.request<OpenPreviewResult>(
        'relgraph/preview/open',
        openParams(client, { location: { kind: 'presigned-urls', format: 'parquet', urls: ['http://127.0.0.1:1/x'] } }),
      );
      assert.match(local.error!, /Kumo jobs only/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("Kumo outputs: presigned URLs downloaded once into the user's cache (contract stand-in: a local HTTP server)", () => {
  let server: http.Server;
  let base: string;
  let partitions: Buffer[];
  const requests: string[] = [];
  let client: LspTestClient;
  let cacheDir: string;
  const urlsOf = (signature: string) => [0, 1].map((p) => `${base}/out/part_${p}.parquet?X-Amz-Signature=${signature}`);

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-kumo-parts-'));
    const db = await DuckDbSession.open({ threads: 1 });
    try {
      for (const p of [0, 1]) {
        await db.run(
          `COPY (SELECT (range * 2 + ${p})::BIGINT AS ENTITY, (range * 2 + ${p}) % 2 = 0 AS TARGET_PRED, ` +
            `((range * 2 + ${p}) / 100.0)::DOUBLE AS TRUE_PROB FROM range(50)) TO ${sqlString(path.join(dir, `p${p}.parquet`))} (FORMAT parquet)`,
        );
      }
    } finally {
      db.close();
    }
    partitions = [0, 1].map((p) => fs.readFileSync(path.join(dir, `p${p}.parquet`)));
    fs.rmSync(dir, { recursive: true, force: true });
    // Presigned URLs carry their signature in the query and nothing else: no Kumo key must arrive here.
    server = http.createServer((req, res) => {
      requests.push(`${req.url} ${req.headers.authorization ?? ''}`.trim());
      const match = /^\/out\/part_(\d)\.parquet\?X-Amz-Signature=s$/.exec(req.url ?? '');
      if (!match) return void res.writeHead(403).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(partitions[Number(match[1])]);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());
  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-user-cache-'));
    requests.length = 0;
  });
  afterEach(async () => {
    await client?.dispose().catch(() => undefined); // a test may have stopped it already
    fs.chmodSync(cacheDir, 0o700);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  function kumoParams(jobId: string, urls: string[]): OpenPreviewParams {
    return openParams(client, {
      job: { ref: `kumo:${jobId}`, workspace: client.root },
      location: { kind: 'presigned-urls', format: 'parquet', urls },
    });
  }

  it('downloads the partitions once, then reads the cache (the URLs may have expired)', async () => {
    client = await LspTestClient.start({ files: FILES, server: { cacheDir } });
    const urls = urlsOf('s');
    const params = kumoParams('bp-job-42', urls);
    const first = await client.request<OpenPreviewResult>('relgraph/preview/open', params);
    assert.equal(first.error, undefined);
    assert.equal(first.totalRows, 100);
    assert.match(first.readFrom, /\/bp-job-42\/predictions-[0-9a-f]{20}$/);
    assert.equal(path.dirname(path.dirname(first.readFrom)), path.join(cacheDir, 'kumo-outputs'));
    assert.equal(fs.existsSync(path.join(client.root, '.relgraph', 'cache')), false, 'nothing in the workspace');
    assert.deepEqual(requests, ['/out/part_0.parquet?X-Amz-Signature=s', '/out/part_1.parquet?X-Amz-Signature=s']);
    const expired = urls.map((u) => u.replace('=s', '=expired'));
    const second = await client.request<OpenPreviewResult>('relgraph/preview/open', {
      ...params,
      location: { kind: 'presigned-urls', format: 'parquet', urls: expired },
    });
    assert.equal(second.totalRows, 100);
    assert.equal(requests.length, 2, 'the cache answered');
    const top = await client.request<PreviewPageResult>('relgraph/preview/page', {
      v: 1,
      session: second.session,
      view: { sort: { column: 'TRUE_PROB', descending: true }, filters: [] },
      offset: 0,
      limit: 1,
    });
    assert.deepEqual(top.rows[0], [99, false, 0.99]);
    const bogus = await client.request<OpenPreviewResult>('relgraph/preview/open', {
      ...params,
      job: { ref: 'kumo:../../etc', workspace: client.root },
    });
    assert.match(bogus.error!, /Kumo jobs only/);
  });

  it('a "cached" output a repository ships in .relgraph/cache is never read: the real output is downloaded', async () => {
    client = await LspTestClient.start({ files: FILES, server: { cacheDir } });
    // What the cache looked like when it lived in the workspace: complete, with one row of the attacker's.
    const planted = client.path('.relgraph/cache/kumo-outputs/bp-job-43/predictions');
    fs.mkdirSync(planted, { recursive: true });
    const db = await DuckDbSession.open({ threads: 1 });
    try {
      for (const part of ['part_000.parquet', 'part_001.parquet']) {
        const file = sqlString(path.join(planted, part));
        await db.run(`COPY (SELECT 7::BIGINT AS ENTITY, true AS TARGET_PRED, 1.0::DOUBLE AS TRUE_PROB) TO ${file}`);
      }
    } finally {
      db.close();
    }
    const marker = { jobId: 'bp-job-43', artifact: 'predictions', partitions: 2 };
    fs.writeFileSync(path.join(planted, 'complete.json'), JSON.stringify(marker));
    const opened = await client.request<OpenPreviewResult>(
      'relgraph/preview/open',
      kumoParams('bp-job-43', urlsOf('s')),
    );
    assert.equal(opened.error, undefined);
    assert.equal(opened.totalRows, 100, "Kumo's rows, not the planted ones");
    assert.equal(requests.length, 2, 'downloaded');
    assert.ok(opened.readFrom.startsWith(path.join(cacheDir, 'kumo-outputs') + path.sep), opened.readFrom);
  });

  it('a cached copy that changed since its download is downloaded again', async () => {
    client = await LspTestClient.start({ files: FILES, server: { cacheDir } });
    const params = kumoParams('bp-job-44', urlsOf('s'));
    const first = await client.request<OpenPreviewResult>('relgraph/preview/open', params);
    assert.equal(first.totalRows, 100);
    fs.appendFileSync(path.join(first.readFrom, 'part_001.parquet'), 'tampered');
    const second = await client.request<OpenPreviewResult>('relgraph/preview/open', params);
    assert.equal(second.error, undefined);
    assert.equal(second.totalRows, 100);
    assert.equal(requests.length, 4, 'the changed copy was not trusted');
  });

  it('the same job id on two Kumo deployments, or for two artifacts, never shares a cache folder', () => {
    const a = kumoOutputCacheFolder(cacheDir, 'bp-job-1', 'predictions', ['https://a.example/out/p0.parquet?sig=1']);
    assert.equal(
      a,
      kumoOutputCacheFolder(cacheDir, 'bp-job-1', 'predictions', ['https://a.example/out/p0.parquet?sig=2']),
    );
    assert.notEqual(
      a,
      kumoOutputCacheFolder(cacheDir, 'bp-job-1', 'predictions', ['https://b.example/out/p0.parquet']),
    );
    assert.notEqual(a, kumoOutputCacheFolder(cacheDir, 'bp-job-1', 'embeddings', ['https://a.example/out/p0.parquet']));
    assert.throws(() => kumoOutputCacheFolder(cacheDir, '../x', 'predictions', []), /not a Kumo job id/);
  });

  it('a cache folder others can write is not used: a private folder instead, removed when the server stops', async () => {
    fs.chmodSync(cacheDir, 0o777);
    client = await LspTestClient.start({ files: FILES, server: { cacheDir } });
    const opened = await client.request<OpenPreviewResult>(
      'relgraph/preview/open',
      kumoParams('bp-job-45', urlsOf('s')),
    );
    assert.equal(opened.error, undefined);
    assert.equal(opened.totalRows, 100);
    assert.ok(!opened.readFrom.startsWith(cacheDir), opened.readFrom);
    assert.equal(fs.existsSync(path.join(cacheDir, 'kumo-outputs')), false);
    assert.ok(
      client.logs.some((l) => l.includes(`the cache folder ${cacheDir} is writable by its group and everyone`)),
      client.logs.join('\n'),
    );
    const privateFolder = path.dirname(path.dirname(opened.readFrom));
    assert.equal(fs.statSync(privateFolder).mode & 0o777, 0o700);
    await client.dispose();
    assert.equal(fs.existsSync(privateFolder), false);
  });
});
