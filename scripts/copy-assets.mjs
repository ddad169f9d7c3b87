// tsc emits only JavaScript; the dashboard's static files are copied beside the compiled routes.
import { cpSync } from 'node:fs';

cpSync('adapters/http/dashboard', 'dist/adapters/http/dashboard', { recursive: true });
