import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { integrationEnv } from './env.js';
import { startLoad } from './load-rig.js';

it('debug load', async () => {
  const env = integrationEnv();
  if ('skip' in env) return;
  const n = Number(process.env.DEBUG_ORGS ?? 40);
  const rig = await startLoad(env, { organisations: n, capacity: { minIdleCpuPct: 0 } });
  await new Promise((r) => setTimeout(r, 45_000));
  const rc = await rig.rollCall();
  writeFileSync('/tmp/debug-rollcall.json', JSON.stringify(rc.counts));
  writeFileSync('/tmp/debug-gateway.log', rig.cli.stdout());
  await rig.close();
}, 200_000);
