import { defineConfig } from 'vitest/config';

/** The integration suite: real drachtio-server + FreeSWITCH + sipp (see env.ts). Serial, real time. */
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
