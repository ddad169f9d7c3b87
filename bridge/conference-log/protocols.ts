/**
 * Reading the conference log: a conference's runs, one run's log, and its protocol in each
 * format. HTTP and the CLI both go through here. PDF layout needs a library, so it is a port
 * (ProtocolPdf) that the composition root fills with the PDF adapter.
 */
import { UnknownRunError } from './errors.js';
import type { ConferenceRun, LogEntry } from './model.js';
import { type Protocol, protocolOf } from './protocol.js';
import { protocolCsv } from './protocol-csv.js';
import { protocolHtml } from './protocol-html.js';
import type { ConferenceLogStore } from './store.js';

export const PROTOCOL_FORMATS = ['pdf', 'html', 'csv', 'json'] as const;
export type ProtocolFormat = (typeof PROTOCOL_FORMATS)[number];

export interface ProtocolPdf {
  render(protocol: Protocol): Promise<Uint8Array>;
}

export interface RenderedProtocol {
  contentType: string;
  /** `protokoll-<runId>.<format>`. */
  fileName: string;
  body: string | Uint8Array;
}

export interface RunLog {
  run: ConferenceRun;
  entries: LogEntry[];
}

/** A run as listed: the run, and how many of its roster were in at some point or never. */
export interface ListedRun extends ConferenceRun {
  attendance: { in: number; absent: number };
}

export type ConferenceLogReader = Pick<ConferenceLogStore, 'listRuns' | 'getRun' | 'entries'>;

export class ConferenceProtocols {
  readonly #store: ConferenceLogReader;
  readonly #pdf: ProtocolPdf | null;

  constructor(store: ConferenceLogReader, pdf: ProtocolPdf | null) {
    this.#store = store;
    this.#pdf = pdf;
  }

  /** Newest first, each with its attendance counted from its log (as its protocol counts it). */
  async listRuns(conferenceId: string, limit?: number): Promise<ListedRun[]> {
    const runs = await this.#store.listRuns(conferenceId, limit === undefined ? {} : { limit });
    return Promise.all(
      runs.map(async (run) => {
        const { attendance } = protocolOf(run, await this.#store.entries(run.runId));
        const absent = attendance.filter((row) => row.absent).length;
        return { ...run, attendance: { in: attendance.length - absent, absent } };
      }),
    );
  }

  /** @throws UnknownRunError, also when the run is not one of `conferenceId`'s (when given) */
  async runLog(runId: string, conferenceId?: string): Promise<RunLog> {
    const run = await this.#store.getRun(runId);
    if (!run || (conferenceId !== undefined && run.conferenceId !== conferenceId)) {
      throw new UnknownRunError(runId);
    }
    return { run, entries: await this.#store.entries(runId) };
  }

  /** The newest run of a conference. @throws UnknownRunError when it has none */
  async latestRunId(conferenceId: string): Promise<string> {
    const [run] = await this.#store.listRuns(conferenceId, { limit: 1 });
    if (!run) throw new UnknownRunError(`${conferenceId} (no run yet)`);
    return run.runId;
  }

  async render(runId: string, format: ProtocolFormat, conferenceId?: string): Promise<RenderedProtocol> {
    const log = await this.runLog(runId, conferenceId);
    const fileName = `protokoll-${runId}.${format}`;
    switch (format) {
      case 'json':
        return {
          contentType: 'application/json; charset=utf-8',
          fileName,
          body: `${JSON.stringify(log, null, 2)}\n`,
        };
      case 'csv':
        return {
          contentType: 'text/csv; charset=utf-8; header=present',
          fileName,
          body: protocolCsv(protocolOf(log.run, log.entries)),
        };
      case 'html':
        return {
          contentType: 'text/html; charset=utf-8',
          fileName,
          body: protocolHtml(protocolOf(log.run, log.entries)),
        };
      case 'pdf': {
        if (!this.#pdf) throw new Error('no PDF renderer configured');
        return {
          contentType: 'application/pdf',
          fileName,
          body: await this.#pdf.render(protocolOf(log.run, log.entries)),
        };
      }
    }
  }
}

export function isProtocolFormat(value: string): value is ProtocolFormat {
  return (PROTOCOL_FORMATS as readonly string[]).includes(value);
}
