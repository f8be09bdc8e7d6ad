import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '@aidc/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
      '@aidc/sim': fileURLToPath(new URL('./packages/sim/src/index.ts', import.meta.url)),
      '@aidc/ops': fileURLToPath(new URL('./packages/ops/src/index.ts', import.meta.url)),
      '@aidc/store': fileURLToPath(new URL('./packages/store/src/index.ts', import.meta.url)),
      '@aidc/server': fileURLToPath(new URL('./packages/server/src/index.ts', import.meta.url)),
      '@aidc/workers': fileURLToPath(new URL('./packages/workers/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/web/test/**/*.test.ts',
      'validation/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    setupFiles: ['./scripts/fail-on-console.ts'],
    testTimeout: 20000,
  },
});
