/**
 * `samband protocol <conference> [--run id] --format pdf -o file`: a conference run's protocol
 * from the gateway's SQLite database, like `samband report`. It reads the database directly, so
 * it works whether the gateway is running (WAL lets it read beside the writer) or stopped.
 */
import { writeFileSync } from 'node:fs';
import { lazyPdfProtocolRenderer } from '../adapters/pdf/lazy-protocol-pdf.js';
import { SqliteConferenceLogStore } from '../adapters/store/conference-log-store.js';
import { ConferenceProtocols, type ProtocolFormat } from '../bridge/conference-log/protocols.js';
import type { Config } from '../config/schema.js';

export interface ProtocolCommand {
  conferenceId: string;
  /** The run; the conference's newest when absent. */
  runId?: string;
  format: ProtocolFormat;
  /** File to write; stdout when absent (not for PDF on a terminal, where the caller refuses). */
  output?: string;
}

/** Writes the protocol; resolves to the file name written (or `-` for stdout). */
export async function writeProtocol(
  config: Config,
  command: ProtocolCommand,
  stdout: (body: string | Uint8Array) => void,
): Promise<string> {
  const store = SqliteConferenceLogStore.open(config.gateway.dataDir, { mustExist: true });
  try {
    const protocols = new ConferenceProtocols(store, lazyPdfProtocolRenderer);
    const runId = command.runId ?? (await protocols.latestRunId(command.conferenceId));
    const protocol = await protocols.render(runId, command.format, command.conferenceId);
    if (command.output) {
      writeFileSync(command.output, protocol.body);
      return command.output;
    }
    stdout(protocol.body);
    return '-';
  } finally {
    await store.close();
  }
}
