/**
 * The PDF renderer for a long-running gateway, loaded on the first PDF asked for: pdfkit (with
 * fontkit and its tables) costs ~25 MB of resident memory and ~0.2 s of start-up (issue 13),
 * and most gateways never render a protocol as PDF between restarts.
 */
import type { Protocol } from '../../bridge/conference-log/protocol.js';
import type { ProtocolPdf } from '../../bridge/conference-log/protocols.js';

let loaded: Promise<ProtocolPdf> | null = null;

export const lazyPdfProtocolRenderer: ProtocolPdf = {
  async render(protocol: Protocol): Promise<Uint8Array> {
    loaded ??= import('./protocol-pdf.js').then((m) => m.pdfProtocolRenderer);
    const renderer = await loaded.catch((error: unknown) => {
      // A failed load (a broken install) is reported to this caller and tried again by the next.
      loaded = null;
      throw error;
    });
    return renderer.render(protocol);
  },
};
