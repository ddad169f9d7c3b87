/** A real OPC UA server on a free port over a FakeCore, and real node-opcua clients to talk to it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClientSession,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  type UserIdentityInfo,
  UserTokenType,
} from 'node-opcua';
import { type OpcuaService, startOpcua } from '../../../../adapters/opcua/index.js';
import type { PathSnapshot, VoicePath } from '../../../../bridge/model.js';
import type { SambandstestEvents } from '../../../../bridge/sambandstest/events.js';
import type { SambandstestRun } from '../../../../bridge/sambandstest/model.js';
import type { SambandstestApi, StartRunRequest } from '../../../../bridge/sambandstest/service.js';
import { TypedEmitter } from '../../../../bridge/typed-emitter.js';
import { type OpcuaConfig, opcuaSchema } from '../../../../config/schema.js';
import { hashSecret } from '../../../../config/secrets.js';
import { FakeCore } from '../../mqtt/support/fake-core.js';
import { RecordingLogger } from '../../mqtt/support/recording-logger.js';

// Cheap scrypt parameters: the tests exercise the check, not its cost.
const cheap = (secret: string) => hashSecret(secret, { N: 1024 });
export const USERS: OpcuaConfig['users'] = [
  { username: 'hostuser', role: 'host', passwordHash: cheap('host-pass') },
  { username: 'viewer', role: 'viewer', passwordHash: cheap('viewer-pass') },
];

/** FakeCore that also remembers who forced which path. */
export class RecordingCore extends FakeCore {
  readonly forced: { participantId: string; path: VoicePath; by: string }[] = [];
  override forcePath(participantId: string, path: VoicePath, by = ''): PathSnapshot {
    this.forced.push({ participantId, path, by });
    return super.forcePath(participantId, path);
  }
}

/** A sambandstest service that only records what it was asked to start. */
export class RecordingSambandstest implements SambandstestApi {
  readonly events = new TypedEmitter<SambandstestEvents>();
  readonly requests: StartRunRequest[] = [];
  async startRun(request: StartRunRequest): Promise<SambandstestRun> {
    this.requests.push(request);
    return {
      id: `st-${this.requests.length}`,
      trigger: request.trigger,
      scheduleId: null,
      requestedBy: request.requestedBy ?? null,
      scope: { participants: [], paths: [] },
      targetTimeoutMs: 1000,
      state: 'running',
      startedAt: '2026-11-28T09:00:00.000Z',
      endedAt: null,
      trunksAtStart: { at: '2026-11-28T09:00:00.000Z', usable: true, trunks: [] },
      trunksAtEnd: null,
    };
  }
  current(): SambandstestRun | null {
    return null;
  }
  async listRuns(): Promise<SambandstestRun[]> {
    return [];
  }
  getRun(): never {
    throw new Error('not used by the OPC UA adapter');
  }
  setComment(): never {
    throw new Error('not used by the OPC UA adapter');
  }
}

export interface Harness {
  core: RecordingCore;
  service: OpcuaService;
  logger: RecordingLogger;
  dir: string;
  close(): Promise<void>;
}

export async function startHarness(
  patch: Partial<OpcuaConfig> = {},
  sambandstest?: SambandstestApi,
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'samband-opcua-'));
  const core = new RecordingCore(['a', 'b']);
  const logger = new RecordingLogger();
  const config = opcuaSchema.parse({
    enabled: true,
    port: 0,
    users: USERS,
    allowAnonymous: true,
    securityModes: ['None', 'SignAndEncrypt'],
    securityPolicies: ['None', 'Basic256Sha256'],
    autoAcceptClientCertificates: true,
    ...patch,
  });
  const service = await startOpcua({
    config,
    core,
    dataDir: dir,
    gatewayName: 'Test gateway',
    version: '0.0.0-test',
    logger,
    ...(sambandstest ? { sambandstest } : {}),
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    core,
    service,
    logger,
    dir,
    async close() {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One client PKI per test file: making a client certificate is the slow part of connecting. */
export function clientPki(): { manager: OPCUACertificateManager; dispose(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'samband-opcua-client-'));
  const manager = new OPCUACertificateManager({
    rootFolder: dir,
    automaticallyAcceptUnknownCertificate: true,
  });
  return {
    manager,
    async dispose() {
      await manager.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Connected {
  client: OPCUAClient;
  session: ClientSession;
  close(): Promise<void>;
}

export const anonymous: UserIdentityInfo = { type: UserTokenType.Anonymous };
export const user = (userName: string, password: string): UserIdentityInfo => ({
  type: UserTokenType.UserName,
  userName,
  password,
});

export async function connect(
  endpointUrl: string,
  pki: OPCUACertificateManager,
  identity: UserIdentityInfo,
  secure = identity.type !== UserTokenType.Anonymous,
): Promise<Connected> {
  const client = OPCUAClient.create({
    applicationName: 'samband-test-client',
    endpointMustExist: false,
    securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    clientCertificateManager: pki,
    connectionStrategy: { maxRetry: 0, initialDelay: 50, maxDelay: 100 },
    requestedSessionTimeout: 10_000,
  });
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession(identity);
    return {
      client,
      session,
      async close() {
        await session.close().catch(() => {});
        await client.disconnect();
      },
    };
  } catch (error) {
    await client.disconnect();
    throw error;
  }
}

export async function readValue(
  session: ClientSession,
  nodeId: string,
): Promise<{ value: unknown; status: string }> {
  const dv = await session.read({ nodeId });
  return { value: dv.value.value, status: dv.statusCode.name };
}

export async function callMethod(
  session: ClientSession,
  objectId: string,
  methodId: string,
  args: string[] = [],
): Promise<{ status: string; result: unknown }> {
  const res = await session.call({
    objectId,
    methodId,
    inputArguments: args.map((value) => ({ dataType: DataType.String, value })),
  });
  return { status: res.statusCode.name, result: res.outputArguments?.[0]?.value };
}
