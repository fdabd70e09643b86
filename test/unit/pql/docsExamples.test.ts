import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkPql } from '../../../core/pql/checkPql';
import { parsePql } from '../../../core/pql/parsePql';
import { f1Graph } from './graphs';

/** The queries in docs/pql.md's Examples section: each code block split at lines that start a new PREDICT. */
function documentedExamples(): string[] {
  const markdown = readFileSync(new URL('../../../docs/pql.md', import.meta.url), 'utf8');
  const examples = markdown.slice(markdown.indexOf('## Examples'));
  const blocks = [...examples.matchAll(/```\n([\s\S]*?)```/g)].map((match) => match[1]);
  return blocks.flatMap((block) => block.split(/\n(?=PREDICT|# )/).filter((chunk) => /^(#.*\n)*PREDICT/.test(chunk)));
}

describe('docs/pql.md', () => {
  it('every example query parses (comments included: PQL skips # comments)', () => {
    const examples = documentedExamples();
    assert.ok(examples.length >= 8, `found ${examples.length} examples`);
    for (const example of examples)
      assert.ok(parsePql(example).query, `${example}\n${parsePql(example).errors[0]?.message}`);
  });

  it('the three RelBench F1 examples are valid on the F1 graph', () => {
    const f1 = documentedExamples().filter((example) => example.includes('drivers.driverId'));
    assert.equal(f1.length, 3);
    for (const example of f1) assert.deepEqual(checkPql(parsePql(example).query!, f1Graph()), [], example);
  });
});
