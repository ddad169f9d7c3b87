/**
 * The dashboard: static, dependency-free files read once at start-up and served without auth
 * (the page itself asks for a token and sends it on every API call).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const ASSETS = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/conference.js': { file: 'conference.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/convene-dialog.js': { file: 'convene-dialog.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/labels.js': { file: 'labels.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/sambandstest.js': { file: 'sambandstest.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/runs.js': { file: 'runs.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/stream.js': { file: 'stream.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/trunks.js': { file: 'trunks.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
} as const;

// Everything is same-origin and nothing is inline, so the policy can be this tight.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * tsc does not copy non-TS files, so from dist/ the assets may still live beside the sources;
 * look beside this module first, then in the source tree.
 */
function dashboardDir(): string {
  const candidates = [
    new URL('../dashboard/', import.meta.url),
    new URL('../../../../adapters/http/dashboard/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(`${dir}index.html`)) return dir;
  }
  throw new Error(
    `dashboard assets not found (looked in ${candidates.map((c) => fileURLToPath(c)).join(', ')})`,
  );
}

export function registerDashboardRoutes(app: FastifyInstance): void {
  const dir = dashboardDir();
  for (const [url, asset] of Object.entries(ASSETS)) {
    const body = readFileSync(`${dir}${asset.file}`);
    app.get(url, async (_request, reply) =>
      reply
        .type(asset.type)
        .header('content-security-policy', CSP)
        .header('cache-control', 'no-cache')
        .send(body),
    );
  }
}
