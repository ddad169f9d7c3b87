import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, whether running from source (gateway/) or from dist/gateway/. */
export const PROJECT_ROOT = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url),
);

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('package.json', `file://${PROJECT_ROOT}`), 'utf8')) as { version: string }
).version;

export const DEFAULT_CONFIG_FILE = `${PROJECT_ROOT}config/demo.yaml`;
