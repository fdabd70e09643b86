// bench/lsp-latency: time from an edit to published diagnostics on a generated 200-table, 400-edge
// prediction spec, Relgraph against yaml-language-server 1.19.2 validating the same file against our JSON
// Schema, measured in the same run: end to end over LSP (stdio), and in-process (validator calls only).
// Run: npx tsx bench/lsp-latency/run.ts [edits=100]
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace, EDGES, TABLES } from './generateWorkspace';
import { measureRelgraph, measureYamlLanguageService } from './measureInProcess';
import { measureOverLsp } from './measureOverLsp';
import { summarize, type Summary } from './stats';

const REPO = path.resolve(__dirname, '..', '..');
const EDITS = Number(process.argv[2] ?? 100);
const WARMUP = 10;

async function main(): Promise<void> {
  const ws = generateWorkspace(path.join(REPO, 'bench', '.data', 'lsp-latency'), REPO);
  execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'ignore' });
  console.log(
    `lsp-latency: ${TABLES} tables, ${EDGES} edges, ${ws.predictionText.split('\n').length} lines; ${EDITS} edits after ${WARMUP} warm-up`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (figures are wall-clock; compare ratios)`,
  );

  const oursInProcess = measureRelgraph(ws, EDITS, WARMUP);
  const theirsInProcess = await measureYamlLanguageService(ws, EDITS, WARMUP);
  const oursLsp = await measureOverLsp(
    {
      command: process.execPath,
      args: [path.join(REPO, 'dist', 'server', 'server.js'), '--stdio'],
      // Data checks run too (they start after a quiet period, so they never delay the static diagnostics).
      settings: { relgraph: {} },
      versioned: true,
    },
    ws,
    EDITS,
    WARMUP,
  );
  const yamlSettings = {
    validate: true,
    schemas: { [ws.predictionSchemaUri]: '*.prediction.yaml' },
    schemaStore: { enable: false },
  };
  const theirsLsp = await measureOverLsp(
    {
      command: process.execPath,
      args: [path.join(REPO, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
      settings: { yaml: yamlSettings, http: {}, '[yaml]': {}, editor: {} },
      versioned: false,
    },
    ws,
    EDITS,
    WARMUP,
  );

  const rows: [string, Summary, number][] = [
    ['relgraph, end to end over LSP', summarize(oursLsp.ms), oursLsp.editedDiagnostics],
    ['yaml-language-server 1.19.2, end to end over LSP', summarize(theirsLsp.ms), theirsLsp.editedDiagnostics],
    ['relgraph validateSpecFile, in-process', summarize(oursInProcess.ms), oursInProcess.editedDiagnostics],
    ['yaml-language-server doValidation, in-process', summarize(theirsInProcess.ms), theirsInProcess.editedDiagnostics],
    [
      'relgraph validateSpecFile, in-process, CPU time',
      summarize(oursInProcess.cpuMs),
      oursInProcess.editedDiagnostics,
    ],
    [
      'yaml-language-server doValidation, in-process, CPU',
      summarize(theirsInProcess.cpuMs),
      theirsInProcess.editedDiagnostics,
    ],
  ];
  console.log('');
  console.log(
    `${'measurement'.padEnd(52)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  diagnostics (edited version)`,
  );
  for (const [label, s, diagnostics] of rows) {
    console.log(
      `${label.padEnd(52)} ${s.p50.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)} ${s.max.toFixed(1).padStart(8)}  ${diagnostics}`,
    );
  }
  const ratio = (a: Summary, b: Summary) => `p50 ${(b.p50 / a.p50).toFixed(2)}x, p95 ${(b.p95 / a.p95).toFixed(2)}x`;
  console.log('');
  console.log(
    `end to end: yaml-language-server / relgraph = ${ratio(rows[0][1], rows[1][1])} (it waits a fixed 200 ms before validating)`,
  );
  console.log(
    `in-process: yaml-language-server / relgraph = ${ratio(rows[2][1], rows[3][1])} (CPU time: ${ratio(rows[4][1], rows[5][1])})`,
  );
  console.log(
    `goal: relgraph end-to-end p95 < 30 ms -> ${rows[0][1].p95 < 30 ? 'met' : 'NOT met'} (${rows[0][1].p95.toFixed(1)} ms)`,
  );
  console.log(
    `goal: in-process at least 2x faster than yaml-language-server (p95) -> ${rows[3][1].p95 / rows[2][1].p95 >= 2 ? 'met' : 'NOT met'}`,
  );
  console.log(
    'relgraph diagnostics include the cross-file contract (table-not-in-training, training-table-missing, unknown-table) that a JSON Schema cannot express.',
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
