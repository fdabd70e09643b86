import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../../core/diagnostics/DiagnosticCodes';
import { DIAGNOSTIC_SUMMARIES } from '../../../cli/output/diagnosticSummaries';

describe('DIAGNOSTIC_SUMMARIES', () => {
  it('describes every diagnostic code in one sentence (the SARIF rule descriptions)', () => {
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((code) => !(code in DIAGNOSTIC_SUMMARIES));
    assert.deepEqual(missing, [], 'codes without a summary in cli/output/diagnosticSummaries.ts');
    for (const [code, text] of Object.entries(DIAGNOSTIC_SUMMARIES)) {
      assert.ok(code in DIAGNOSTIC_CODES, `summary for a code that does not exist: ${code}`);
      assert.match(text ?? '', /^\S.*\.$/, `${code}: one line ending in a period`);
    }
  });
});
