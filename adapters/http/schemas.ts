/**
 * JSON schemas for route params and bodies, validated by Fastify before any handler runs.
 * `additionalProperties: false` rejects unknown fields (the server turns off Ajv's
 * `removeAdditional`, which would otherwise silently strip them).
 */
import { VOICE_PATHS, type VoicePath } from '../../bridge/model.js';
import {
  SIM_PHONE_STATES,
  SIM_RADIO_STATES,
  type SimPhoneState,
  type SimRadioState,
} from '../../bridge/sim-control-port.js';

/** `?limit=` on a list: 1–999. */
export interface ListQuery {
  /** Query strings are not coerced (the server turns coercion off): digits, parsed here. */
  limit?: string;
}
export const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' } },
} as const;

export interface IdParams {
  id: string;
}
export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export interface PathBody {
  path: VoicePath;
}
export const pathBodySchema = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: { path: { type: 'string', enum: [...VOICE_PATHS] } },
} as const;

export interface SimPhoneBody {
  state: SimPhoneState;
}
export const simPhoneBodySchema = {
  type: 'object',
  required: ['state'],
  additionalProperties: false,
  properties: { state: { type: 'string', enum: [...SIM_PHONE_STATES] } },
} as const;

export interface SimRadioBody {
  state: SimRadioState;
}
export const simRadioBodySchema = {
  type: 'object',
  required: ['state'],
  additionalProperties: false,
  properties: { state: { type: 'string', enum: [...SIM_RADIO_STATES] } },
} as const;

export interface TalkBody {
  talking: boolean;
}
export const talkBodySchema = {
  type: 'object',
  required: ['talking'],
  additionalProperties: false,
  properties: { talking: { type: 'boolean' } },
} as const;

/** A simulated participant answers the call-up from its mobile (sms) or radio (sds). */
export interface SimReplyBody {
  via: 'sms' | 'sds';
  text: string;
}
export const simReplyBodySchema = {
  type: 'object',
  required: ['via', 'text'],
  additionalProperties: false,
  properties: { via: { enum: ['sms', 'sds'] }, text: { type: 'string', minLength: 1, maxLength: 300 } },
} as const;

export interface SimMobileBody {
  inCoverage: boolean;
}
export const simMobileBodySchema = {
  type: 'object',
  required: ['inCoverage'],
  additionalProperties: false,
  properties: { inCoverage: { type: 'boolean' } },
} as const;

export interface DtmfBody {
  digit: string;
}
export const dtmfBodySchema = {
  type: 'object',
  required: ['digit'],
  additionalProperties: false,
  // The DTMF alphabet: 0-9, *, # and the A-D column some terminals send.
  properties: { digit: { type: 'string', pattern: '^[0-9*#A-D]$' } },
} as const;

export interface MuteBody {
  muted: boolean;
}
export const muteBodySchema = {
  type: 'object',
  required: ['muted'],
  additionalProperties: false,
  properties: { muted: { type: 'boolean' } },
} as const;

export interface OnSiteBody {
  onSite: boolean;
}
export const onSiteBodySchema = {
  type: 'object',
  required: ['onSite'],
  additionalProperties: false,
  properties: { onSite: { type: 'boolean' } },
} as const;

export interface LockBody {
  locked: boolean;
}
export const lockBodySchema = {
  type: 'object',
  required: ['locked'],
  additionalProperties: false,
  properties: { locked: { type: 'boolean' } },
} as const;

export interface RecordingBody {
  recording: boolean;
}
export const recordingBodySchema = {
  type: 'object',
  required: ['recording'],
  additionalProperties: false,
  properties: { recording: { type: 'boolean' } },
} as const;

/**
 * For actions that take no arguments (remove, readmit): no body, or an empty JSON object.
 * A body with fields is refused rather than ignored, so a mistyped call never half-works.
 */
export const noFieldsBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  maxProperties: 0,
} as const;

const idList = {
  type: 'array',
  maxItems: 500,
  items: { type: 'string', minLength: 1, maxLength: 64 },
} as const;

/** Convene with a subject and a selection made on the spot (issue 12); every field optional. */
export const conveneBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    subject: { type: 'string', maxLength: 120 },
    selection: {
      type: 'object',
      additionalProperties: false,
      properties: {
        // A flat list, or key → values.
        tags: {
          oneOf: [idList, { type: 'object', maxProperties: 20, additionalProperties: idList }],
        },
        add: idList,
        exclude: idList,
      },
    },
    mode: { type: 'string', enum: ['replace', 'extend'] },
    skipBusy: { type: 'boolean' },
    callUp: { type: 'boolean' },
  },
} as const;
