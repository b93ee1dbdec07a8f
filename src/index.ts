export { build } from './build.js';
export type { BuildOptions, BuildReport, BookReport, OutputReport, DiagnosticReport, Format } from './build.js';
export { defineConfig } from './config/define.js';
export type { UserConfig } from './config/schema.js';
export type { MetadataInput } from './config/metadata-schema.js';
export type { Diagnostic } from './diagnostics/diagnostic.js';
