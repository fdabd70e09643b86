/**
 * One fresh process timing the data tier alone: static validation first (not timed), then
 * `DataValidator.validate` with the given cache folder. run.ts bundles and spawns it, so a warm run
 * measures exactly what a second `relgraph validate` process pays for the data checks.
 *
 *   node probe.js <spec> <cacheDir>  ->  {"ms": ..., "queries": ..., "codes": [...], "danglingRows": ...}
 */
import { validateSpecFile } from '../../core/validation/validateSpec';
import { DataValidator } from '../../data/DataValidator';
import { NodeSpecHost } from '../../data/NodeSpecHost';

async function main(): Promise<void> {
  const [spec, cacheDir] = process.argv.slice(2);
  const v = validateSpecFile(spec, new NodeSpecHost());
  const started = performance.now();
  const validator = new DataValidator({ host: new NodeSpecHost(), cacheDir });
  try {
    const diagnostics = await validator.validate(v);
    const ms = performance.now() - started;
    const dangling = diagnostics.find((d) => d.code === 'dangling-foreign-keys')?.data?.danglingRows;
    const codes = diagnostics.map((d) => d.code);
    process.stdout.write(JSON.stringify({ ms, queries: validator.queriesRun, codes, danglingRows: dangling ?? null }));
  } finally {
    validator.dispose();
  }
}

main().catch((error) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
