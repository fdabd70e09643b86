import * as path from 'node:path';
import * as esbuild from 'esbuild';

/** Builds loadBundleOnce.ts into one plain CommonJS script at `outfile`, for plain `node` to run. */
export async function buildLoadBundleOnce(outfile: string): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'loadBundleOnce.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
}
