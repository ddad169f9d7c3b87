/**
 * compose.yaml runs what was tested: every image pinned to a version (never `latest`), drachtio-server
 * at the version the README says the integration suite was proven with, and every file it mounts
 * from this repository present (a missing mount is the compose twin of a missing COPY).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as {
  services: Record<
    string,
    { image?: string; build?: unknown; volumes?: string[]; stop_grace_period?: string }
  >;
};
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Mounted from the operator's own files, not from this repository. */
const OPERATOR_FILES = new Set(['./samband.yaml']);

describe('compose.yaml', () => {
  it('pins every image to a version tag', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build !== undefined) continue;
      const tag = /^[^:@]+:([^@]+)(@sha256:[0-9a-f]{64})?$/.exec(service.image ?? '')?.[1];
      expect(tag, `${name}: ${service.image}`).toMatch(/^v?\d+(\.\d+)+/);
    }
  });

  it('runs the drachtio-server version the README says the integration suite was proven with', () => {
    const proven =
      /proven\s+with\s+drachtio-server\s+(\d+\.\d+\.\d+)\s+and\s+FreeSWITCH\s+(\d+\.\d+\.\d+)/.exec(readme);
    expect(proven, 'README names the proven versions').not.toBeNull();
    expect(compose.services.drachtio?.image).toBe(`drachtio/drachtio-server:${proven?.[1]}`);
  });

  it('gives the gateway longer to stop than its shutdown time-out, so SIGTERM keeps the calls', () => {
    const production = parse(readFileSync(join(ROOT, 'config', 'example.production.yaml'), 'utf8')) as {
      gateway: { shutdownTimeoutMs: number };
    };
    const grace = Number(/^(\d+)s$/.exec(compose.services.gateway?.stop_grace_period ?? '')?.[1]);
    expect(grace * 1000).toBeGreaterThan(production.gateway.shutdownTimeoutMs);
  });

  it('mounts only files this repository has (or the operator provides)', () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (!source.startsWith('./') || OPERATOR_FILES.has(source)) continue;
        expect(existsSync(join(ROOT, source)), source).toBe(true);
      }
    }
  });
});
