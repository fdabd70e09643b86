import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticTag } from 'vscode-languageserver';
import {
  ALL_DIAGNOSTIC_CODES,
  DIAGNOSTIC_CODES,
  DIAGNOSTIC_GROUPS,
  diagnosticInfo,
} from '../../../core/diagnostics/DiagnosticCodes';
import { derivedDiagnosticsDoc, derivedPackageJson } from '../../../scripts/derivedFiles';
import { toLspDiagnostic } from '../../../server/validation/toLspDiagnostic';
import { DIAGNOSTICS_DOC, sections } from '../../helpers/diagnosticsDoc';

const REPO = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('the diagnostic registry (core/diagnostics)', () => {
  it('puts every code in exactly one group, with a one-line summary ending in a period', () => {
    const grouped = DIAGNOSTIC_GROUPS.flatMap((g) => Object.keys(g.codes));
    assert.deepEqual([...grouped].sort(), [...ALL_DIAGNOSTIC_CODES].sort());
    assert.equal(new Set(grouped).size, grouped.length, 'a code in two groups');
    for (const code of ALL_DIAGNOSTIC_CODES) {
      assert.match(diagnosticInfo(code).summary, /^\S[^\n]*\.$/, `${code}: one line ending in a period`);
      assert.equal(DIAGNOSTIC_CODES[code], diagnosticInfo(code).severity, `${code}: the severity view`);
    }
  });

  it('is what package.json is derived from: severity settings, activation and menus are current (npm run generate)', () => {
    const manifest = JSON.parse(read('package.json'));
    assert.deepEqual(manifest, derivedPackageJson(manifest), 'package.json is stale: run npm run generate');
  });

  it("is what docs/diagnostics.md's index is derived from, and the doc has one section per code", () => {
    assert.equal(DIAGNOSTICS_DOC, derivedDiagnosticsDoc(DIAGNOSTICS_DOC), 'the index is stale: run npm run generate');
    const bySection = sections(DIAGNOSTICS_DOC);
    for (const code of ALL_DIAGNOSTIC_CODES) {
      const { severity, tier } = diagnosticInfo(code);
      assert.match(bySection.get(code) ?? '', new RegExp(`^\\*\\*${severity} · ${tier}\\.\\*\\*`), `${code} section`);
    }
    const codeLike = [...bySection.keys()].filter((heading) => /^[a-z][a-z0-9-]*$/.test(heading));
    assert.deepEqual(
      codeLike.filter((heading) => !(ALL_DIAGNOSTIC_CODES as string[]).includes(heading)),
      [],
    );
  });

  it("gives the editor the registry's tags (Unnecessary greys out a setting that has no effect)", () => {
    for (const code of ALL_DIAGNOSTIC_CODES) {
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
      const lsp = toLspDiagnostic({ code, severity: 'warning', message: 'm', range, source: 'relgraph' }, {});
      const unnecessary = diagnosticInfo(code).tags.includes('unnecessary');
      assert.deepEqual(lsp?.tags, unnecessary ? [DiagnosticTag.Unnecessary] : undefined, code);
    }
    assert.ok(diagnosticInfo('threshold-not-applicable').tags.includes('unnecessary'));
  });

  it('has no copy elsewhere: no source file outside the registry names a quarter of the codes', () => {
    const sourceFolders = ['core', 'protocol', 'backend', 'data', 'engine', 'server', 'client', 'cli', 'scripts'];
    const files = sourceFolders.flatMap((folder) => tsFiles(path.join(REPO, folder)));
    const copies = files
      .filter((file) => !file.includes(`${path.sep}core${path.sep}diagnostics${path.sep}codes${path.sep}`))
      .map((file) => {
        const text = fs.readFileSync(file, 'utf8');
        const named = ALL_DIAGNOSTIC_CODES.filter((c) => text.includes(`'${c}'`) || text.includes(`"${c}"`));
        return { file: path.relative(REPO, file), named: named.length };
      })
      .filter(({ named }) => named >= ALL_DIAGNOSTIC_CODES.length / 4);
    assert.deepEqual(copies, []);
  });
});

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}
