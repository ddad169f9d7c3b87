/**
 * `samband report <runId>`: prints a sambandstest report from the gateway's SQLite database.
 * It reads the database directly, so it works whether the gateway is running (WAL lets it read
 * beside the writer) or stopped.
 */
import { SqliteSambandstestStore } from '../adapters/store/sambandstest-store.js';
import { loadRunDetail } from '../bridge/sambandstest/detail.js';
import { type ReportFormat, renderReport } from '../bridge/sambandstest/report.js';
import type { Config } from '../config/schema.js';

export async function reportText(config: Config, runId: string, format: ReportFormat): Promise<string> {
  const store = SqliteSambandstestStore.open(config.gateway.dataDir, { mustExist: true });
  try {
    return renderReport(await loadRunDetail(store, runId), format).body;
  } finally {
    await store.close();
  }
}
