/**
 * The OPC UA adapter (DESIGN.md §7): a node-opcua server exposing Objects/Samband for control-room
 * SCADA, with explicit endpoint security (DESIGN.md §8) and role-checked methods.
 */
import { OPCUAServer, RegisterServerMethod } from 'node-opcua';
import { systemClock } from '../../bridge/clock.js';
import type { GatewayCore } from '../../bridge/core-api.js';
import type { Clock, Logger } from '../../bridge/ports.js';
import type { SambandstestApi } from '../../bridge/sambandstest/service.js';
import type { OpcuaConfig } from '../../config/schema.js';
import { LoginThrottle, type ThrottleOutcome } from '../auth/login-throttle.js';
import { createAccessCheck } from './access.js';
import { buildAddressSpace, type SambandNodes } from './address-space.js';
import { OpcuaError, OpcuaErrorCodes } from './errors.js';
import { createPki, endpointSecurity, userManager } from './security.js';

export { OpcuaError, OpcuaErrorCodes } from './errors.js';

export interface StartOpcuaOptions {
  config: OpcuaConfig;
  core: GatewayCore;
  /** The PKI (self-signed certificate, trusted/rejected clients) lives in `<dataDir>/opcua-pki`. */
  dataDir: string;
  gatewayName: string;
  version: string;
  logger: Logger;
  /** When given, Objects/Samband/RunSambandstest is offered. */
  sambandstest?: SambandstestApi;
  /** Injected in tests to keep scrypt cheap; defaults to config/secrets.verifySecretAsync. */
  verifyPassword?: (secret: string, stored: string) => Promise<boolean>;
  /** Times the login throttle's penalties; defaults to the system clock. */
  clock?: Clock;
  /** Told of every login attempt the throttle slowed or refused (a metric). */
  onLoginThrottled?: (outcome: ThrottleOutcome) => void;
}

export interface OpcuaService {
  /** The bound port (the real one when configured as 0). */
  readonly port: number;
  readonly endpointUrl: string;
  /** Disconnects every session and releases the port and PKI. Idempotent. */
  close(): Promise<void>;
}

const APPLICATION_URI = 'urn:samband:gateway';

/** @throws OpcuaError START */
export async function startOpcua(options: StartOpcuaOptions): Promise<OpcuaService> {
  const { config } = options;
  const logger = options.logger.child({ component: 'opcua' });
  const pki = createPki(options.dataDir, config);
  const server = new OPCUAServer({
    host: config.host,
    port: config.port,
    // Advertise the address we listen on (the host's FQDN may not resolve, and on 127.0.0.1 it
    // would name an address we do not serve); on a wildcard node-opcua's FQDN default is right.
    ...(isWildcard(config.host) ? {} : { hostname: config.host }),
    ...endpointSecurity(config),
    serverCertificateManager: pki.server,
    userCertificateManager: pki.user,
    userManager: userManager(config.users, {
      ...(options.verifyPassword ? { verify: options.verifyPassword } : {}),
      throttle: new LoginThrottle({
        clock: options.clock ?? systemClock,
        logger: logger.child({ component: 'opcua-auth' }),
        ...(options.onLoginThrottled ? { onThrottled: options.onLoginThrottled } : {}),
      }),
    }),
    // No discovery-server registration and no mDNS: nothing on the network beyond our port.
    registerServerMethod: RegisterServerMethod.HIDDEN,
    serverInfo: {
      applicationUri: APPLICATION_URI,
      productUri: 'urn:samband',
      applicationName: { text: options.gatewayName, locale: 'en' },
    },
    buildInfo: { productName: 'Samband', softwareVersion: options.version, manufacturerName: 'Samband' },
  });

  let nodes: SambandNodes | null = null;
  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('node-opcua built no address space');
    nodes = buildAddressSpace({
      addressSpace,
      core: options.core,
      access: createAccessCheck(config.users),
      gatewayName: options.gatewayName,
      version: options.version,
      logger,
      ...(options.sambandstest ? { sambandstest: options.sambandstest } : {}),
    });
    await server.start();
  } catch (error) {
    nodes?.detach();
    await server.shutdown(0).catch(() => {});
    await pki.dispose().catch(() => {});
    throw new OpcuaError(
      OpcuaErrorCodes.START,
      `the OPC UA server could not start on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  const port = server.endpoints[0]?.port ?? config.port;
  const endpointUrl = server.getEndpointUrl();
  logger.info(
    { endpointUrl, securityModes: config.securityModes, allowAnonymous: config.allowAnonymous },
    'opc ua server listening',
  );

  let closing: Promise<void> | null = null;
  const started = nodes;
  const close = () => {
    closing ??= (async () => {
      started.setGatewayState('stopping');
      started.detach();
      await server.shutdown(0);
      await pki.dispose();
    })();
    return closing;
  };
  return { port, endpointUrl, close };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}
