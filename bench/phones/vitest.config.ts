import { defineConfig } from 'vitest/config';

/** The real-server phone bench (bench/phones): serial, real time, long. */
export default defineConfig({
  test: {
    include: ['bench/phones/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
