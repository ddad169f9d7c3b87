/**
 * The integration suite's environment: SAMBAND_DRACHTIO=host:port:secret (drachtio control port)
 * and SAMBAND_FREESWITCH=host:port:secret (event socket). Optional: SAMBAND_SIP=host:port where
 * drachtio-server takes SIP (default 127.0.0.1:5060), SAMBAND_ESL_LISTEN (address FreeSWITCH's
 * outbound sockets reach us on, default 127.0.0.1).
 */
export interface IntegrationEnv {
  drachtio: { host: string; port: number; secret: string };
  freeswitch: { host: string; port: number; secret: string };
  sip: string;
  listenAddress: string;
}

export function integrationEnv(env: NodeJS.ProcessEnv = process.env): IntegrationEnv | { skip: string } {
  const drachtio = parse(env.SAMBAND_DRACHTIO);
  const freeswitch = parse(env.SAMBAND_FREESWITCH);
  if (!drachtio || !freeswitch) {
    const missing = [!drachtio && 'SAMBAND_DRACHTIO', !freeswitch && 'SAMBAND_FREESWITCH'].filter(Boolean);
    return {
      skip: `${missing.join(' and ')} not set (host:port:secret): no real drachtio-server/FreeSWITCH to test against`,
    };
  }
  return {
    drachtio,
    freeswitch,
    sip: env.SAMBAND_SIP ?? '127.0.0.1:5060',
    listenAddress: env.SAMBAND_ESL_LISTEN ?? '127.0.0.1',
  };
}

function parse(value: string | undefined): { host: string; port: number; secret: string } | null {
  const match = /^([^:]+):([0-9]+):(.+)$/.exec(value ?? '');
  if (!match) return null;
  return { host: match[1] ?? '', port: Number(match[2]), secret: match[3] ?? '' };
}
