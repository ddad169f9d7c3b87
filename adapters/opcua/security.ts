/**
 * The server's security, spelt out: node-opcua 2.182.2 offers a None endpoint and anonymous
 * access unless told otherwise (DESIGN.md §8), so every mode, policy and identity is explicit.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MessageSecurityMode, OPCUACertificateManager, SecurityPolicy } from 'node-opcua';
import type { OpcuaConfig } from '../../config/schema.js';
import { hashSecret, verifySecretAsync } from '../../config/secrets.js';
import { CheckSlots, LoginAttempt } from '../auth/login-attempt.js';
import type { LoginThrottle } from '../auth/login-throttle.js';

const MODES: Record<OpcuaConfig['securityModes'][number], MessageSecurityMode> = {
  None: MessageSecurityMode.None,
  Sign: MessageSecurityMode.Sign,
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
};

const POLICIES: Record<OpcuaConfig['securityPolicies'][number], SecurityPolicy> = {
  None: SecurityPolicy.None,
  Basic256Sha256: SecurityPolicy.Basic256Sha256,
  Aes128_Sha256_RsaOaep: SecurityPolicy.Aes128_Sha256_RsaOaep,
  Aes256_Sha256_RsaPss: SecurityPolicy.Aes256_Sha256_RsaPss,
};

export interface EndpointSecurity {
  securityModes: MessageSecurityMode[];
  securityPolicies: SecurityPolicy[];
  allowAnonymous: boolean;
}

export function endpointSecurity(config: OpcuaConfig): EndpointSecurity {
  return {
    securityModes: config.securityModes.map((m) => MODES[m]),
    securityPolicies: config.securityPolicies.map((p) => POLICIES[p]),
    allowAnonymous: config.allowAnonymous,
  };
}

export interface Pki {
  server: OPCUACertificateManager;
  /** Holds X509 user certificates; none are accepted, but node-opcua would otherwise create it in $HOME. */
  user: OPCUACertificateManager;
  dispose(): Promise<void>;
}

/**
 * The server's own PKI under the data directory: node-opcua creates a self-signed certificate
 * there on first start (no network, no openssl). Client certificates it does not know go to
 * `rejected/` unless `autoAcceptClientCertificates`; an operator trusts them by moving them to
 * `trusted/certs/`.
 */
export function createPki(dataDir: string, config: OpcuaConfig): Pki {
  const root = join(dataDir, 'opcua-pki');
  const server = new OPCUACertificateManager({
    rootFolder: root,
    automaticallyAcceptUnknownCertificate: config.autoAcceptClientCertificates,
  });
  const user = new OPCUACertificateManager({
    rootFolder: join(root, 'user'),
    automaticallyAcceptUnknownCertificate: false,
  });
  return {
    server,
    user,
    async dispose() {
      await Promise.all([server.dispose(), user.dispose()]);
    },
  };
}

/**
 * The callback form of node-opcua's user manager that this server provides. node-opcua 2.182.2
 * calls it with `this` bound to the ServerSession (UAUserManager1.isValidUser), whose channel
 * names the client's address.
 */
export interface AsyncUserManager {
  isValidUserAsync(
    this: SessionLike | undefined,
    username: string,
    password: string,
    callback: (error: Error | null, isAuthorized?: boolean) => void,
  ): void;
}

/** What the user manager reads of node-opcua's ServerSession. */
export interface SessionLike {
  channel?: { remoteAddress?: string } | undefined;
}

export interface UserManagerOptions {
  verify?: (secret: string, stored: string) => Promise<boolean>;
  decoyHash?: string;
  /** Slows wrong passwords per source and user name; without it, nothing is slowed. */
  throttle?: LoginThrottle;
  /** Password checks in flight at once; past it a login is refused (default 16). */
  maxPendingVerifications?: number;
}

/**
 * node-opcua asks with a callback; passwords are scrypt hashes checked off the event loop. An
 * unknown user name is checked against a decoy hash too, so the answer takes as long as for a
 * real user and timing does not reveal which user names exist. Wrong passwords are slowed per
 * source and user name (LoginAttempt); a login refused for want of a slot is simply refused
 * (BadUserAccessDenied): OPC UA has no "try later" answer for ActivateSession.
 */
export function userManager(users: OpcuaConfig['users'], options: UserManagerOptions = {}): AsyncUserManager {
  const verify = options.verify ?? verifySecretAsync;
  const decoyHash = options.decoyHash ?? DECOY_HASH;
  const byName = new Map(users.map((u) => [u.username, u]));
  const slots = new CheckSlots(options.maxPendingVerifications ?? 16);
  const isValid = async (source: string, username: string, password: string): Promise<boolean> => {
    const user = byName.get(username);
    const attempt = new LoginAttempt(options.throttle, source, username);
    const held = attempt.hold();
    if (held) await held;
    const release = attempt.takeSlot(slots);
    if (!release) return false;
    let ok: boolean;
    try {
      ok = (await verify(password, user?.passwordHash ?? decoyHash)) && user !== undefined;
    } finally {
      release();
    }
    if (!ok) await attempt.failed();
    return ok;
  };
  return {
    isValidUserAsync(username, password, callback) {
      const source = this?.channel?.remoteAddress ?? 'unknown';
      isValid(source, username, password).then(
        (ok) => callback(null, ok),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  };
}

/** A hash of a random secret nobody knows, with the default scrypt cost of real user hashes. */
const DECOY_HASH = hashSecret(randomBytes(32).toString('base64'));
