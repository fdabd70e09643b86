import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toRegion } from '../../../cli/output/sarifFormatter';
import { runCli } from '../../../cli/main';
import { MAX_SPEC_BYTES, parseSpec } from '../../../core/spec/parseSpec';

/**
 * SARIF 2.1.0's rules for regions (§3.30): startLine, startColumn, endLine and endColumn are integers >= 1,
 * and the region does not end before it starts (endLine >= startLine; on one line, endColumn >= startColumn).
 * Checked on every region the real `relgraph validate --format sarif` writes, results and related locations.
 */
interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function regionProblems(region: SarifRegion): string[] {
  const problems: string[] = [];
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) {
    if (!Number.isInteger(region[key]) || region[key] < 1)
      problems.push(`${key} ${region[key]} is not an integer >= 1`);
  }
  if (region.endLine < region.startLine) problems.push(`endLine ${region.endLine} < startLine ${region.startLine}`);
  if (region.endLine === region.startLine && region.endColumn < region.startColumn) {
    problems.push(`endColumn ${region.endColumn} < startColumn ${region.startColumn} on one line`);
  }
  return problems;
}

interface SarifLog {
  runs: {
    results: {
      ruleId: string;
      locations: { physicalLocation: { region: SarifRegion } }[];
      relatedLocations?: { physicalLocation: { region: SarifRegion } }[];
    }[];
  }[];
}

async function validateSarif(args: string[], cwd: string): Promise<{ code: number; log: SarifLog; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['validate', '--format', 'sarif', '--no-data', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, log: JSON.parse(stdout) as SarifLog, stderr };
}

function everyRegion(log: SarifLog): { ruleId: string; region: SarifRegion }[] {
  return log.runs.flatMap((run) =>
    run.results.flatMap((result) => [
      ...result.locations.map((l) => ({ ruleId: result.ruleId, region: l.physicalLocation.region })),
      ...(result.relatedLocations ?? []).map((l) => ({ ruleId: result.ruleId, region: l.physicalLocation.region })),
    ]),
  );
}

const REPO = path.resolve(__dirname, '..', '..', '..');
let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-sarif-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SARIF regions', () => {
  it('a file over the size limit is reported on line 1, not line 0 (issue 8, finding 11)', async () => {
    const text = `kind: graph\n# ${'x'.repeat(MAX_SPEC_BYTES)}\n`;
    fs.writeFileSync(path.join(dir, 'huge.graph.yaml'), text);
    const parsed = parseSpec(text, path.join(dir, 'huge.graph.yaml'));
    assert.equal(parsed.diagnostics.length, 1);
    assert.deepEqual(parsed.diagnostics[0].range.start, { line: 0, character: 0 });

    const { code, log } = await validateSarif(['huge.graph.yaml'], dir);
    assert.equal(code, 1);
    const regions = everyRegion(log);
    assert.equal(regions.length, 1);
    assert.deepEqual(regions[0].region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });

  it('every region of every fixture and example diagnostic follows the SARIF rules', async () => {
    const { log, stderr } = await validateSarif(['test/fixtures', 'examples'], REPO);
    assert.equal(stderr, '');
    const regions = everyRegion(log);
    assert.ok(regions.length > 30, `expected the fixtures' diagnostics, got ${regions.length}`);
    const bad = regions.flatMap(({ ruleId, region }) => regionProblems(region).map((p) => `${ruleId}: ${p}`));
    assert.deepEqual(bad, []);
  });

  it('clamps a range that starts before the file or ends before it starts instead of writing an invalid region', () => {
    const at = (line: number, character: number) => ({ line, character });
    assert.deepEqual(toRegion({ start: at(-1, -1), end: at(-1, -1) }), {
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 1,
    });
    assert.deepEqual(toRegion({ start: at(4, 7), end: at(4, 2) }), {
      startLine: 5,
      startColumn: 8,
      endLine: 5,
      endColumn: 8,
    });
    assert.deepEqual(toRegion({ start: at(4, 7), end: at(6, 0) }), {
      startLine: 5,
      startColumn: 8,
      endLine: 7,
      endColumn: 1,
    });
    for (const range of [
      { start: at(0, 0), end: at(0, 0) },
      { start: at(9, 3), end: at(2, 1) },
    ]) {
      assert.deepEqual(regionProblems(toRegion(range)), []);
    }
  });
});
