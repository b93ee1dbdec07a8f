import type { BuildOptions, BuildReport } from './build.js';

export type { BuildOptions, BuildReport, BookReport, OutputReport, DiagnosticReport, Format } from './build.js';
export { defineConfig } from './config/define.js';
export type { UserConfig } from './config/schema.js';
export type { MetadataInput } from './config/metadata-schema.js';
export type { Diagnostic } from './diagnostics/diagnostic.js';

/**
 * Builds books into EPUB and PDF editions and returns the report (see the CLI's `--report`).
 * The pipeline is loaded on first call, so `build.config.ts` importing `defineConfig` stays cheap.
 */
export async function build(options?: BuildOptions): Promise<BuildReport> {
  const pipeline = await import('./build.js');
  return pipeline.build(options);
}
