/** Every error the MQTT adapter raises has a stable code a user can look up (README "Error codes"). */
import { SambandError } from '../../bridge/errors.js';

export const MqttErrorCodes = {
  /** A topic level built from an id contains `/`, `+`, `#`, NUL or is empty. */
  INVALID_TOPIC_LEVEL: 'SAMBAND_ERR_MQTT_INVALID_TOPIC_LEVEL',
  /** The MQTT section of the configuration cannot work (e.g. maxTopicLevels too small for our topics). */
  CONFIG: 'SAMBAND_ERR_MQTT_CONFIG',
  /** The embedded broker could not bind its TCP or WebSocket listener. */
  LISTEN: 'SAMBAND_ERR_MQTT_LISTEN',
  /** CONNECT refused: unknown user or wrong password (CONNACK 4). */
  BAD_CREDENTIALS: 'SAMBAND_ERR_MQTT_BAD_CREDENTIALS',
  /** CONNECT refused: anonymous access is not allowed, or the client id is held by someone else (CONNACK 5/2). */
  NOT_AUTHORIZED: 'SAMBAND_ERR_MQTT_NOT_AUTHORIZED',
  /** CONNECT refused for now: too many password checks are in flight (CONNACK 3); retry later. */
  AUTH_BUSY: 'SAMBAND_ERR_MQTT_AUTH_BUSY',
  /** A client sent a packet larger than mqtt.embedded.maxPacketBytes; its connection was closed. */
  PACKET_TOO_LARGE: 'SAMBAND_ERR_MQTT_PACKET_TOO_LARGE',
  /** A client sent a remaining length longer than four bytes (MQTT 3.1.1 §2.2.3); its connection was closed. */
  MALFORMED_PACKET: 'SAMBAND_ERR_MQTT_MALFORMED_PACKET',
  /** A PUBLISH was refused by the ACL; the broker closes that client's connection. */
  PUBLISH_DENIED: 'SAMBAND_ERR_MQTT_PUBLISH_DENIED',
  /** The gateway's own client did not reach the broker in time. */
  CONNECT_TIMEOUT: 'SAMBAND_ERR_MQTT_CONNECT_TIMEOUT',
} as const;
export type MqttErrorCode = (typeof MqttErrorCodes)[keyof typeof MqttErrorCodes];

export class MqttError extends SambandError {
  declare readonly code: MqttErrorCode;
  constructor(code: MqttErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** CONNACK return codes of MQTT 3.1.1 §3.2.2.3 that aedes lets an authenticator choose. */
export const ConnackCodes = {
  IDENTIFIER_REJECTED: 2,
  SERVER_UNAVAILABLE: 3,
  BAD_USERNAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
} as const;
export type ConnackCode = (typeof ConnackCodes)[keyof typeof ConnackCodes];

/** aedes reads `returnCode` from the error given to the authenticate callback. */
export class MqttAuthError extends MqttError {
  readonly returnCode: ConnackCode;
  constructor(code: MqttErrorCode, returnCode: ConnackCode, message: string) {
    super(code, message);
    this.returnCode = returnCode;
  }
}
