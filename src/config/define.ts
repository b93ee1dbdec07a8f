import type { UserConfig } from './schema.js';

/** Identity function that gives `build.config.ts` full types: `export default defineConfig({ … })`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
