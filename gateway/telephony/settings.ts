/**
 * What the drachtio adapter needs, gathered from the validated configuration in one place.
 * The core's domain specs carry participants and rosters; PIN hashes and dial-in numbers come
 * from the conference configuration and never leave this adapter.
 */
import type { ParticipantSpec } from '../../bridge/model.js';
import type { Clock, Logger } from '../../bridge/ports.js';
import type { Config, TelephonyConfig } from '../../config/schema.js';
import type { DrachtioDriver } from './drachtio-types.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';
import type { RadioAudioLeg } from './radio-legs.js';

export interface ConferenceAccess {
  id: string;
  name: string;
  /** Roster size; sizes mod_conference's max_members (roster + radio legs + control member). */
  rosterSize: number;
  hostPinHash?: string;
  participantPinHash?: string;
  dialInNumbers: string[];
}

export interface DrachtioTelephonyOptions {
  telephony: TelephonyConfig;
  participants: readonly Pick<ParticipantSpec, 'id' | 'phoneNumbers'>[];
  conferences: readonly ConferenceAccess[];
  /** Radio audio legs (RoIP) that will join each conference; counted in max_members. */
  radioLegs: number;
  driver: DrachtioDriver;
  clock: Clock;
  logger: Logger;
  /**
   * Radio audio legs (`radios[].audio`): RoIP interfaces called and joined to a conference
   * (default: the first configured one). See radioAudioFromConfig.
   */
  radioAudio?: readonly { radioId: string; uri: string; conferenceId?: string }[];
  /** PIN check against a scrypt hash; default verifySecretAsync (scrypt on the thread pool). */
  verifyPin?: (pin: string, hash: string) => Promise<boolean>;
}

/** The secrets the links need, checked before anything connects. */
export function linkSecrets(telephony: TelephonyConfig): { drachtio: string; freeswitch: string } {
  const drachtio = telephony.drachtio.secret;
  const freeswitch = telephony.freeswitch.secret;
  if (!drachtio || !freeswitch) {
    throw new TelephonyError(
      TelephonyErrorCodes.CONFIG,
      'telephony.backend "drachtio" needs telephony.drachtio.secret and telephony.freeswitch.secret ' +
        '(put them in the environment with an env reference; never the stock FreeSWITCH password)',
    );
  }
  if (freeswitch === 'ClueCon') {
    throw new TelephonyError(
      TelephonyErrorCodes.CONFIG,
      'telephony.freeswitch.secret is the stock FreeSWITCH password: set your own',
    );
  }
  return { drachtio, freeswitch };
}

export function conferenceAccess(config: Config): ConferenceAccess[] {
  const everyone = config.participants.length;
  return config.conferences.map((c) => ({
    id: c.id,
    name: c.name,
    // A host may convene with a selection made on the spot (issue 12): anyone may be in the room.
    rosterSize: everyone,
    hostPinHash: c.hostPinHash,
    participantPinHash: c.participantPinHash,
    dialInNumbers: [...c.dialInNumbers],
  }));
}

/** FreeSWITCH conference names are per county gateway; keep them recognisable and safe. */
export function freeswitchConferenceName(conferenceId: string): string {
  return `samband-${conferenceId}`;
}

/** The radio audio legs to keep connected, each with its conference resolved. */
export function radioAudioLegs(options: DrachtioTelephonyOptions): RadioAudioLeg[] {
  const fallback = options.conferences[0]?.id;
  return (options.radioAudio ?? []).flatMap((r) => {
    const conferenceId = r.conferenceId ?? fallback;
    return conferenceId ? [{ radioId: r.radioId, uri: r.uri, conferenceId }] : [];
  });
}

/** `radios[].audio` from the configuration, for DrachtioTelephonyOptions.radioAudio. */
export function radioAudioFromConfig(config: Config): { radioId: string; uri: string }[] {
  return config.radios.flatMap((r) => (r.audio ? [{ radioId: r.id, uri: r.audio }] : []));
}
