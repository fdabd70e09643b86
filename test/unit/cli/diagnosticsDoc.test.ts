import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../../core/diagnostics/DiagnosticCodes';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { DIAGNOSTICS_DOC, queryExamples, sections, yamlBlocks } from '../../helpers/diagnosticsDoc';

const bySection = sections(DIAGNOSTICS_DOC);

describe('docs/diagnostics.md', () => {
  it('has a `## <code>` section for every diagnostic code, and none for codes that do not exist', () => {
    const codes = Object.keys(DIAGNOSTIC_CODES);
    assert.deepEqual(
      codes.filter((code) => !bySection.has(code)),
      [],
      'codes without a section',
    );
    const headings = [...bySection.keys()].filter((heading) => /^[a-z][a-z0-9-]*$/.test(heading));
    assert.deepEqual(
      headings.filter((heading) => !codes.includes(heading)),
      [],
      'sections for unknown codes',
    );
  });

  it('states each code severity as DiagnosticCodes.ts defines it, and gives a YAML example', () => {
    for (const [code, severity] of Object.entries(DIAGNOSTIC_CODES)) {
      const section = bySection.get(code) ?? '';
      assert.match(section, new RegExp(`^\\*\\*${severity} · `), `${code}: severity line`);
      assert.ok(yamlBlocks(section).length > 0, `${code}: a YAML example`);
    }
  });

  it('gives a failing and a fixed snippet for every static code', () => {
    for (const [code, section] of bySection) {
      if (!/^\*\*\w+ · static/.test(section)) continue;
      assert.match(section, /^Failing:\n\n```yaml\n/m, `${code}: failing snippet`);
      assert.match(section, /^Fixed:\n\n```yaml\n/m, `${code}: fixed snippet`);
    }
  });
});

describe('docs/diagnostics.md query examples', () => {
  let dir: string;
  const host = new NodeSpecHost();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-doc-'));
    for (const table of ['customers', 'orders', 'products'])
      fs.writeFileSync(path.join(dir, `${table}.csv`), 'id\n1\n');
    fs.writeFileSync(
      path.join(dir, 'shop.graph.yaml'),
      [
        'kind: graph',
        'tables:',
        '  customers: { source: customers.csv, primary_key: customer_id }',
        '  orders: { source: orders.csv, primary_key: order_id, time_column: ts }',
        '  products: { source: products.csv, primary_key: product_id }',
        'edges:',
        '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
        '  - { src_table: orders, fkey: product_id, dst_table: products }',
        '',
      ].join('\n'),
    );
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The codes the static checks report for a query on the doc's shop graph. */
  function codesFor(query: string): string[] {
    const file = path.join(dir, 'example.training.yaml');
    fs.writeFileSync(file, `kind: training\ngraph: shop.graph.yaml\nquery: ${JSON.stringify(query)}\n`);
    return validateSpecFile(file, host).diagnostics.map((d) => d.code);
  }

  it('of PQL codes fail with their own code, and their fixes pass', () => {
    let checked = 0;
    for (const [code, section] of bySection) {
      if (!code.startsWith('pql-')) continue;
      const examples = queryExamples(section);
      if (!examples) continue;
      const { failing, fixed } = examples;
      checked++;
      assert.ok(codesFor(failing).includes(code), `${code}: '${failing}' gives ${codesFor(failing).join(', ')}`);
      assert.deepEqual(codesFor(fixed), [], `${code}: the fix '${fixed}' is clean`);
    }
    assert.ok(checked >= 20, `only ${checked} query examples were checked`);
  });
});
