import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES, diagnosticDocUrl } from '../../../core/diagnostics/DiagnosticCodes';
import { formatSarif } from '../../../cli/output/sarifFormatter';
import { diagnostic, SAMPLE_CWD, sampleReport } from './reportSamples';

interface SarifRule {
  id: string;
  helpUri: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: string };
}

function sarif(report = sampleReport()) {
  return JSON.parse(formatSarif(report, { toolVersion: '9.9.9' }));
}

describe('formatSarif', () => {
  it('is a SARIF 2.1.0 log with one run of the relgraph tool', () => {
    const log = sarif();
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    assert.equal(log.runs[0].tool.driver.name, 'relgraph');
    assert.equal(log.runs[0].tool.driver.version, '9.9.9');
    assert.deepEqual(log.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
  });

  it('has a rule for every diagnostic code, with the docs link and the default level', () => {
    const rules: SarifRule[] = sarif().runs[0].tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      Object.keys(DIAGNOSTIC_CODES),
    );
    for (const rule of rules) {
      assert.equal(rule.helpUri, diagnosticDocUrl(rule.id as keyof typeof DIAGNOSTIC_CODES));
      assert.ok(rule.shortDescription.text.length > 0);
    }
    const byId = new Map(rules.map((r) => [r.id, r]));
    assert.equal(byId.get('schema')?.defaultConfiguration.level, 'error');
    assert.equal(byId.get('empty-table')?.defaultConfiguration.level, 'warning');
    assert.equal(byId.get('null-targets-found')?.defaultConfiguration.level, 'note');
  });

  it('reports each diagnostic with its rule, level, 1-based region and relative artifact URI', () => {
    const run = sarif().runs[0];
    assert.equal(run.results.length, 3);
    const [first, second, third] = run.results;
    assert.equal(first.ruleId, 'threshold-required');
    assert.equal(run.tool.driver.rules[first.ruleIndex].id, 'threshold-required');
    assert.equal(first.level, 'error');
    assert.deepEqual(first.locations[0].physicalLocation, {
      artifactLocation: { uri: 'examples/f1/dnf-2010.prediction.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
    });
    assert.deepEqual(second.locations[0].physicalLocation.region, {
      startLine: 6,
      startColumn: 3,
      endLine: 6,
      endColumn: 9,
    });
    assert.deepEqual(second.relatedLocations, [
      {
        id: 0,
        message: { text: "the training graph's table 'drivers'" },
        physicalLocation: {
          artifactLocation: { uri: 'examples/f1/f1.graph.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 10 },
        },
      },
    ]);
    assert.equal(third.level, 'warning');
    assert.equal(third.message.text, 'Not a binary task:\nthe threshold is ignored.');
  });

  it('maps information to note, percent-encodes URIs and uses absolute URIs outside the working directory', () => {
    const report = {
      cwd: SAMPLE_CWD,
      files: [
        {
          path: '/repo/my specs/a#1.graph.yaml',
          diagnostics: [diagnostic('null-targets-found', 'information', 'm', [0, 0, 0, 1])],
        },
        { path: '/elsewhere/b.graph.yaml', diagnostics: [diagnostic('schema', 'error', 'm', [0, 0, 0, 1])] },
      ],
    };
    const [inside, outside] = sarif(report).runs[0].results;
    assert.equal(inside.level, 'note');
    assert.deepEqual(inside.locations[0].physicalLocation.artifactLocation, {
      uri: 'my%20specs/a%231.graph.yaml',
      uriBaseId: '%SRCROOT%',
    });
    assert.deepEqual(outside.locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/b.graph.yaml' });
  });

  it('marks the invocation unsuccessful when a file could not be validated', () => {
    const ok = sarif().runs[0].invocations[0];
    assert.equal(ok.executionSuccessful, true);
    const failed = sarif({
      cwd: SAMPLE_CWD,
      files: [{ path: '/repo/a.graph.yaml', diagnostics: [], failure: 'boom' }],
    });
    const invocation = failed.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.match(invocation.toolExecutionNotifications[0].message.text, /boom/);
  });
});
