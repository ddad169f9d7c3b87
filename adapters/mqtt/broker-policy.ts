/**
 * Binds the authentication and ACL policy to aedes' injected handlers. Principals are kept in
 * a WeakMap beside the aedes Client rather than written onto it, so nothing here depends on
 * aedes internals and a dropped client leaves nothing behind.
 */
import type { Aedes, AedesOptions, Client } from 'aedes';
import type { Logger } from '../../bridge/ports.js';
import { decidePublish, mayRead } from './acl.js';
import type { Authenticate } from './auth.js';
import { ConnackCodes, MqttAuthError, MqttError, MqttErrorCodes } from './errors.js';
import { type Principal, principalKey, principalLog } from './principal.js';
import { ReadDecisions } from './read-decisions.js';
import { ownRetainedPayload } from './retained-payload.js';
import type { Topics } from './topics.js';

export type PolicyHandlers = Required<
  Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>
>;

type AuthenticateDone = Parameters<PolicyHandlers['authenticate']>[3];

export interface BrokerPolicy {
  handlers: PolicyHandlers;
  /** Tracks connected clients so one principal cannot take over another's client id. */
  attach(broker: Aedes): void;
}

export function createBrokerPolicy(options: {
  authenticate: Authenticate;
  topics: Topics;
  logger: Logger;
}): BrokerPolicy {
  const { topics, logger } = options;
  const principals = new WeakMap<Client, Principal>();
  const connected = new Map<string, Client>();
  const reads = new ReadDecisions(topics, (principal, topic) =>
    logger.warn({ ...principalLog(principal), topic }, 'mqtt delivery withheld'),
  );

  const describe = (client: Client | null) => {
    const principal = client ? principals.get(client) : undefined;
    return { clientId: client?.id ?? null, ...(principal ? principalLog(principal) : { role: 'unknown' }) };
  };

  const handlers: PolicyHandlers = {
    authenticate(client, username, password, done) {
      // aedes pauses the client until done is called, so nothing it sends is handled meanwhile.
      const source = (client.conn as { remoteAddress?: unknown }).remoteAddress;
      options.authenticate(username, password, typeof source === 'string' ? source : 'unknown').then(
        (principal) => admit(client, principal, done),
        (error: unknown) => {
          const refusal = error instanceof MqttAuthError ? error : unexpected(error);
          const log = { clientId: client.id, username: username ?? null, code: refusal.code };
          if (refusal.cause === undefined) logger.warn(log, 'mqtt connect refused');
          else logger.error({ ...log, err: refusal.cause }, 'mqtt authentication failed unexpectedly');
          done(refusal, false);
        },
      );
    },

    authorizePublish(client, packet, done) {
      // `client` is null only for wills of clients gone before a broker restart; with no
      // principal to check them against, they are dropped.
      const principal = client ? principals.get(client) : undefined;
      const decision = principal
        ? decidePublish(
            principal,
            { topic: packet.topic, payload: packet.payload, retain: packet.retain },
            topics,
          )
        : ({ allow: false, reason: 'no authenticated principal' } as const);
      if (!decision.allow) {
        logger.warn(
          { ...describe(client), topic: packet.topic, reason: decision.reason },
          'mqtt publish refused',
        );
        // MQTT 3.1.1 has no negative PUBACK: [MQTT-3.3.5-2] leaves acknowledging or closing
        // the connection; aedes closes it on this error, which is the only honest signal.
        return done(
          new MqttError(
            MqttErrorCodes.PUBLISH_DENIED,
            `publish to ${packet.topic} refused: ${decision.reason}`,
          ),
        );
      }
      if (decision.clearRetain) packet.retain = false;
      ownRetainedPayload(packet);
      done(null);
    },

    authorizeSubscribe(client, subscription, done) {
      const principal = principals.get(client);
      if (principal && mayRead(principal, subscription.topic, topics)) return done(null, subscription);
      logger.warn({ ...describe(client), filter: subscription.topic }, 'mqtt subscription refused');
      // A null subscription makes aedes answer 0x80 in the SUBACK (MQTT 3.1.1 §3.9.3) and keep
      // the connection; an error here would disconnect the client instead.
      done(null, null);
    },

    // On the path of every delivery: a cached decision, and no logging after the first refusal.
    authorizeForward(client, packet) {
      const principal = principals.get(client);
      return principal && reads.mayReceive(principal, packet.topic) ? packet : null;
    },
  };

  // Run after the (asynchronous) password check: `connected` is read as it is now, not as it was
  // when the CONNECT arrived.
  function admit(client: Client, principal: Principal, done: AuthenticateDone): void {
    // [MQTT-3.1.4-2] makes a second CONNECT with the same client id disconnect the first.
    // Only the same principal may do that; otherwise any dashboard could evict the gateway.
    const holder = connected.get(client.id);
    const holderPrincipal = holder ? principals.get(holder) : undefined;
    if (holderPrincipal && principalKey(holderPrincipal) !== principalKey(principal)) {
      logger.warn(
        { clientId: client.id, ...principalLog(principal) },
        'mqtt client id held by another principal',
      );
      const refusal = new MqttAuthError(
        MqttErrorCodes.NOT_AUTHORIZED,
        ConnackCodes.IDENTIFIER_REJECTED,
        'client id in use by another user',
      );
      done(refusal, false);
      return;
    }
    principals.set(client, principal);
    done(null, true);
  }

  return {
    handlers,
    attach(broker) {
      broker.on('client', (client) => {
        connected.set(client.id, client);
      });
      broker.on('clientDisconnect', (client) => {
        if (connected.get(client.id) === client) connected.delete(client.id);
      });
    },
  };
}

function unexpected(error: unknown): MqttAuthError {
  const refusal = new MqttAuthError(
    MqttErrorCodes.NOT_AUTHORIZED,
    ConnackCodes.NOT_AUTHORIZED,
    'authentication failed',
  );
  refusal.cause = error;
  return refusal;
}
