/**
 * The configuration schema: one typed module, every default here, units in names.
 * Objects are strict so that a misspelt key is reported instead of silently ignored.
 */
import { z } from 'zod';
import { isSecretHash } from './secrets.js';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a lower-case id: letters, digits, "-" or "_" (max 64)');
const ms = z.number().int().nonnegative();
const positiveMs = z.number().int().positive();
const secretHash = z.string().refine(isSecretHash, {
  message: 'a scrypt hash as printed by `samband hash-secret` (scrypt$N$r$p$salt$hash)',
});
const phoneNumber = z
  .string()
  .regex(
    /^(\+[1-9][0-9]{5,14}|sips?:[^\s@]+@[^\s]+)$/,
    'an E.164 number (+46...) or a SIP URI (sip:user@host)',
  );
const issi = z.string().regex(/^[0-9]{1,8}$/, 'an ISSI/GSSI: 1-8 digits');
const host = z.string().min(1);
// Checked here rather than at the first scheduled run: a typo would otherwise silently skip tests.
const timeZone = z.string().refine(isTimeZone, { message: 'an IANA time zone such as "Europe/Stockholm"' });
const port = z.number().int().min(0).max(65535);

export const logSchema = z
  .object({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
    pretty: z.boolean().default(false),
  })
  .strict();

export const gatewaySchema = z
  .object({
    name: z.string().min(1).default('Samband'),
    dataDir: z.string().min(1).default('data'),
    shutdownTimeoutMs: positiveMs.default(5000),
  })
  .strict();

export const simulationSchema = z
  .object({
    seed: z.number().int().default(1),
    phones: z
      .object({
        answerDelayMinMs: ms.default(500),
        answerDelayMaxMs: ms.default(2500),
        /** How often a simulated connected call reports RTP figures. */
        qualityIntervalMs: positiveMs.default(5000),
      })
      .strict()
      .default({ answerDelayMinMs: 500, answerDelayMaxMs: 2500, qualityIntervalMs: 5000 }),
    radio: z
      .object({
        sdsLatencyMs: ms.default(400),
      })
      .strict()
      .default({ sdsLatencyMs: 400 }),
    /** The simulated GSM network behind a `sim:` modem: its phones answer a call-up by themselves. */
    sms: z
      .object({
        autoReply: z.boolean().default(true),
        replyDelayMinMs: ms.default(3000),
        replyDelayMaxMs: ms.default(15000),
      })
      .strict()
      .default({ autoReply: true, replyDelayMinMs: 3000, replyDelayMaxMs: 15000 }),
  })
  .strict();

export const roleSchema = z.enum(['host', 'technician', 'viewer']);
export type Role = z.infer<typeof roleSchema>;

export const tokenSchema = z
  .object({
    name: z.string().min(1),
    role: roleSchema,
    /** Plain token (for the demo, or injected from the environment with ${env:NAME}). */
    token: z.string().min(16, 'at least 16 characters').optional(),
    tokenHash: secretHash.optional(),
  })
  .strict()
  .refine((t) => (t.token === undefined) !== (t.tokenHash === undefined), {
    message: 'exactly one of "token" or "tokenHash"',
  });

export const httpSchema = z
  .object({
    enabled: z.boolean().default(true),
    host: host.default('127.0.0.1'),
    port: port.default(8080),
    tokens: z.array(tokenSchema).default([]),
  })
  .strict();

export const mqttUserSchema = z
  .object({
    username: z.string().min(1),
    passwordHash: secretHash,
    role: z.enum(['dashboard', 'agent']),
    /** For role agent: the participant whose heartbeat this agent publishes. */
    participant: id.optional(),
  })
  .strict()
  .refine((u) => u.role !== 'agent' || u.participant !== undefined, {
    message: 'an agent user needs "participant"',
    path: ['participant'],
  });

export const mqttSchema = z
  .object({
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'topic levels without wildcards')
      .default('samband'),
    broker: z.enum(['embedded', 'external']).default('embedded'),
    embedded: z
      .object({
        host: host.default('127.0.0.1'),
        port: port.default(1883),
        wsPort: port.default(8083),
        /** Anonymous clients may subscribe (read-only). Only for demos and closed networks. */
        allowAnonymousRead: z.boolean().default(false),
        maxTopicLevels: z.number().int().positive().default(16),
        drainTimeoutMs: positiveMs.default(2000),
        /**
         * Largest MQTT packet a client may send (fixed header included); a bigger one closes its
         * connection before the broker buffers it. Our own retained states must fit (a
         * conference's state grows by ~160 bytes per participant).
         */
        maxPacketBytes: z.number().int().min(1024).max(268_435_460).default(262_144),
        /** A connection that has not sent a complete CONNECT within this time is closed. */
        connectTimeoutMs: positiveMs.default(10_000),
      })
      .strict()
      .default({
        host: '127.0.0.1',
        port: 1883,
        wsPort: 8083,
        allowAnonymousRead: false,
        maxTopicLevels: 16,
        drainTimeoutMs: 2000,
        maxPacketBytes: 262_144,
        connectTimeoutMs: 10_000,
      }),
    external: z
      .object({
        url: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'an mqtt://, mqtts://, ws:// or wss:// URL'),
        username: z.string().optional(),
        password: z.string().optional(),
        clientId: z.string().optional(),
      })
      .strict()
      .optional(),
    /** An agent link is `down` once no heartbeat arrived for this long. */
    heartbeatStaleMs: positiveMs.default(90_000),
    users: z.array(mqttUserSchema).default([]),
  })
  .strict()
  .refine((m) => m.broker !== 'external' || m.external !== undefined, {
    message: 'broker "external" needs the "external" section',
    path: ['external'],
  });

export const opcuaUserSchema = z
  .object({
    username: z.string().min(1),
    passwordHash: secretHash,
    /** viewer reads; technician may also run a sambandstest; host may also run conferences and paths. */
    role: roleSchema,
  })
  .strict();

export const OPCUA_SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const OPCUA_SECURITY_POLICIES = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
] as const;

// Spelt out because node-opcua otherwise offers None endpoints and anonymous access (DESIGN.md §8).
export const opcuaSchema = z
  .object({
    enabled: z.boolean().default(false),
    host: host.default('127.0.0.1'),
    port: port.default(4840),
    /** Anonymous sessions may browse and read, never call a method. Only with a "simulation" section. */
    allowAnonymous: z.boolean().default(false),
    users: z.array(opcuaUserSchema).default([]),
    securityModes: z.array(z.enum(OPCUA_SECURITY_MODES)).min(1).default(['SignAndEncrypt']),
    securityPolicies: z.array(z.enum(OPCUA_SECURITY_POLICIES)).min(1).default(['Basic256Sha256']),
    /**
     * Trust any client's application certificate on first contact. Off by default: an operator
     * moves a client's certificate from opcua-pki/rejected to opcua-pki/trusted.
     */
    autoAcceptClientCertificates: z.boolean().default(false),
  })
  .strict()
  // A None endpoint has no channel security: it exists only for anonymous demo reading.
  .refine((o) => !o.securityModes.includes('None') || o.allowAnonymous, {
    message: 'security mode "None" is allowed only together with allowAnonymous (demo)',
    path: ['securityModes'],
  })
  .refine((o) => o.securityModes.includes('None') === o.securityPolicies.includes('None'), {
    message: 'security mode "None" and security policy "None" go together',
    path: ['securityPolicies'],
  })
  .refine((o) => !o.securityModes.some((m) => m !== 'None') || o.securityPolicies.some((p) => p !== 'None'), {
    message: 'Sign or SignAndEncrypt needs a policy other than "None" (e.g. Basic256Sha256)',
    path: ['securityPolicies'],
  });

/** drachtio-server's control port (backend "drachtio"). The secret belongs in ${env:...}. */
export const drachtioLinkSchema = z
  .object({
    host: host.default('127.0.0.1'),
    port: port.default(9022),
    secret: z.string().min(1).optional(),
  })
  .strict();

/** FreeSWITCH's event socket, and where FreeSWITCH's outbound sockets reach the gateway. */
export const freeswitchLinkSchema = z
  .object({
    host: host.default('127.0.0.1'),
    port: port.default(8021),
    /** Never the stock "ClueCon": put the event-socket password in ${env:...}. */
    secret: z.string().min(1).optional(),
    /** Address the gateway listens on for FreeSWITCH's outbound ESL connections. */
    listenAddress: host.default('127.0.0.1'),
    listenPort: port.default(0),
    /** Address FreeSWITCH should connect back to, if not listenAddress (NAT, containers). */
    advertisedAddress: host.optional(),
    /** The sofia profile fsmrf sends its INVITEs to. */
    profile: z.string().min(1).default('drachtio_mrf'),
  })
  .strict();

/** A CIDR (IPv4 `a.b.c.d/n`, or a bare address = /32) a dial-in may come from. */
const cidr = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([0-9]|[12][0-9]|3[0-2]))?$/,
    'an IPv4 address or CIDR such as "192.0.2.0/24"',
  );

/**
 * REGISTER with the operator (issue 9): the trunk's username/password answer the registrar's
 * digest challenge; the binding is refreshed before the expiry the registrar grants.
 */
export const trunkRegisterSchema = z
  .object({
    /** host[:port] of the registrar; default the trunk's host and port. */
    registrar: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/, 'host[:port] such as "reg.operator.example:5060"')
      .optional(),
    /** Expiry asked for, in seconds; the registrar's 200 says what it grants, and that rules. */
    expiresS: z.number().int().min(60).max(86_400).default(600),
    /** A REGISTER unanswered this long counts as failed. */
    timeoutMs: positiveMs.default(10_000),
    /** After a failed REGISTER: the first wait, doubled per failure up to retryMaxMs. */
    retryMinMs: positiveMs.default(10_000),
    retryMaxMs: positiveMs.default(600_000),
  })
  .strict();

/** One carrier trunk, PBX or SBC that E.164 numbers are dialled through (issue 9). */
export const trunkSchema = z
  .object({
    id,
    host,
    port: port.default(5060),
    transport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
    /** SIP URI of an outbound proxy every request to this trunk goes through. */
    outboundProxy: z
      .string()
      .regex(/^sips?:\S+$/, 'a SIP URI such as "sip:sbc.example.se:5060"')
      .optional(),
    /** Digest credentials (401 and 407). The password only as ${env:NAME}. */
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** Caller ID on this trunk; default telephony.sip.callerId. */
    callerId: z.string().min(1).optional(),
    /** Call-outs per second through this trunk (set-ups are paced to it). */
    callsPerSecond: z.number().positive().optional(),
    /** Concurrent call-outs this trunk takes; when full the next trunk is tried. */
    maxCalls: z.number().int().positive().optional(),
    /** Lower first; equal orders keep the file's order. */
    order: z.number().int().default(0),
    /** E.164 prefixes (e.g. "+4611") whose numbers need this trunk; longest prefix wins. */
    prefixes: z.array(z.string().regex(/^\+[0-9]+$/, 'an E.164 prefix such as "+4611"')).default([]),
    /** OPTIONS keep-alive interval (0 = off: the trunk's health stays unknown, counted usable). */
    keepAliveIntervalMs: ms.default(30_000),
    /** An OPTIONS unanswered this long counts as failed. */
    keepAliveTimeoutMs: positiveMs.default(5_000),
    /** Consecutive failed OPTIONS before the trunk counts as down. */
    keepAliveFailures: z.number().int().positive().default(2),
    /** REGISTER with the operator (needs username and password); absent: the trunk does not. */
    register: trunkRegisterSchema.optional(),
  })
  .strict();

export const sipSchema = z
  .object({
    /** host[:port] of one SIP trunk/PBX (the single-trunk form; `trunks` for more). */
    trunk: z.string().min(1).optional(),
    /** The carrier trunks, tried in `order`; a number routed by prefix needs its own. */
    trunks: z.array(trunkSchema).default([]),
    /**
     * No final response (nor ringing) from a trunk within this: the next trunk is tried. A trunk
     * answering 503 or 408, or that cannot be reached, is left for the next at once.
     */
    trunkTimeoutMs: positiveMs.default(4_000),
    /**
     * Where dial-ins may come from (the trunks' and the PBX's addresses). Empty: nobody — every
     * INVITE is refused with 403 before anything is answered.
     */
    trustedSources: z.array(cidr).default([]),

    /** Caller ID presented on call-outs (the conference's public number). */
    callerId: z.string().min(1).optional(),
    /** Country code for matching national caller IDs (0701... ↔ +46701...). */
    countryCode: z
      .string()
      .regex(/^\+[1-9][0-9]{0,3}$/, 'a country code such as "+46"')
      .default('+46'),
    /** Calls-per-second limit for call-outs (FreeSWITCH sessions-per-second, trunk limits). */
    callsPerSecond: z.number().positive().default(5),
  })
  .strict();

/** Sound files (or FreeSWITCH tone_stream:// / silence_stream:// URLs) the adapter plays. */
export const promptsSchema = z
  .object({
    /** Call-out: "Tryck 1 för att ansluta till samverkanskonferensen." */
    pressOne: z.string().min(1).default('tone_stream://%(300,200,440);%(300,200,440);%(600,0,660)'),
    /** Dial-in: "Välkommen. Ange konferensens kod och avsluta med fyrkant." */
    enterPin: z.string().min(1).default('tone_stream://%(500,250,440,480)'),
    /** Dial-in: "Fel kod, försök igen." */
    wrongPin: z.string().min(1).default('tone_stream://%(150,100,480,620);%(150,100,480,620)'),
    /** Dial-in: "Du ansluts nu." / call-out after the 1. */
    joining: z.string().min(1).default('tone_stream://%(200,0,660)'),
  })
  .strict();

export const dialInSchema = z
  .object({
    /** Wrong PINs in one call before it is ended. */
    maxPinAttempts: z.number().int().min(1).max(10).default(3),
    /** Wrong PINs from one source within lockoutWindowMs before it is locked out. */
    lockoutAfterFailures: z.number().int().min(1).default(6),
    lockoutWindowMs: positiveMs.default(600_000),
    lockoutMs: positiveMs.default(900_000),
    /**
     * Wrong PINs from all callers together within lockoutWindowMs before every dial-in is refused
     * for globalLockoutMs: a guesser who changes caller ID or address each call still runs out.
     */
    globalFailureBudget: z.number().int().positive().default(30),
    globalLockoutMs: positiveMs.default(300_000),
    /** Time a caller has to key in the PIN. */
    pinTimeoutMs: positiveMs.default(15_000),
  })
  .strict();

/** Timings of the drachtio adapter's links and call set-up. */
export const telephonyTimingsSchema = z
  .object({
    /** Time to press 1 after a call-out is answered. */
    confirmTimeoutMs: positiveMs.default(15_000),
    /** fsmrf's Endpoint#join resolves only on add-member: give up after this. */
    joinTimeoutMs: positiveMs.default(5_000),
    /** How often RTP statistics are read for each connected call. */
    qualityIntervalMs: positiveMs.default(5_000),
    /** Watchdog for silent drops: a cheap request on each link this often... */
    watchdogIntervalMs: positiveMs.default(20_000),
    /** ...that must be answered within this, or the link is torn down and reconnected. */
    watchdogTimeoutMs: positiveMs.default(5_000),
    reconnectMinMs: positiveMs.default(1_000),
    reconnectMaxMs: positiveMs.default(30_000),
    /** Bound on each drachtio/FreeSWITCH request (connect, endpoint, answer, hang-up). */
    operationTimeoutMs: positiveMs.default(10_000),
    /**
     * At start: how long the gateway waits for both links before taking over the calls still in
     * FreeSWITCH (after that the members are redialled instead) and before convening a
     * `conveneOnStart` conference (after that it convenes anyway, and call-outs fail until up).
     */
    recoverWaitMs: positiveMs.default(15_000),
  })
  .strict();

/**
 * Admission control (drachtio back end): what the media server may be asked to carry. Call-outs
 * beyond it wait in the queue with the reason shown; dial-ins beyond it get 503 + Retry-After.
 */
export const capacitySchema = z
  .object({
    /** Ceiling on calls through this gateway (participants, guests, radio legs, set-ups). */
    maxCalls: z.number().int().positive().default(300),
    /** FreeSWITCH sessions kept free below its own max-sessions. */
    reserveSessions: z.number().int().nonnegative().default(10),
    /** No new call while FreeSWITCH's idle CPU (`status`) is below this. */
    minIdleCpuPct: z.number().min(0).max(100).default(15),
    /** How often FreeSWITCH's `status` (sessions, rate, idle CPU) is read. */
    statusIntervalMs: positiveMs.default(2_000),
    /** Retry-After (s) on a dial-in refused for capacity. */
    retryAfterS: z.number().int().positive().default(30),
  })
  .strict();

export const telephonySchema = z
  .object({
    backend: z.enum(['sim', 'drachtio']).default('sim'),
    drachtio: drachtioLinkSchema.default(drachtioLinkSchema.parse({})),
    freeswitch: freeswitchLinkSchema.default(freeswitchLinkSchema.parse({})),
    sip: sipSchema.default(sipSchema.parse({})),
    prompts: promptsSchema.default(promptsSchema.parse({})),
    dialIn: dialInSchema.default(dialInSchema.parse({})),
    timings: telephonyTimingsSchema.default(telephonyTimingsSchema.parse({})),
    capacity: capacitySchema.default(capacitySchema.parse({})),
    /**
     * What stopping the gateway does to its calls (drachtio back end). `keep-calls`: they stay up
     * on FreeSWITCH and the next start takes them over, so a planned restart is not heard;
     * `end-calls`: everyone is hung up (a conference still running is redialled at the next start).
     * Ending a conference (End) always hangs up its calls.
     */
    onShutdown: z.enum(['keep-calls', 'end-calls']).default('keep-calls'),
    /** FreeSWITCH media time-out: silence this long marks the phone link down. */
    mediaTimeoutMs: positiveMs.default(10_000),
    /** Ring time before a call-out counts as no-answer. */
    callTimeoutMs: positiveMs.default(30_000),
    /** After a dropped or failed call, call the participant again after this long (0 = never). */
    redialIntervalMs: ms.default(15_000),
    maxConcurrentCallOuts: z.number().int().positive().default(20),
    /** Where conference recordings are written: a directory on the media server (FreeSWITCH). */
    recordingsDir: z
      .string()
      .regex(/^\/[^\s]*$/, 'an absolute path on the media server, without spaces')
      .default('/var/lib/freeswitch/recordings'),
    quality: z
      .object({
        minMos: z.number().min(1).max(5).default(3.6),
        maxJitterMs: z.number().nonnegative().default(60),
        maxLossPct: z.number().min(0).max(100).default(5),
        /** Quality is judged on the change of the RTP counters over this last stretch of a call. */
        windowMs: positiveMs.default(15_000),
      })
      .strict()
      .default({ minMos: 3.6, maxJitterMs: 60, maxLossPct: 5, windowMs: 15_000 }),
  })
  .strict();

export const failoverSchema = z
  .object({
    /** A phone link degraded this long moves the participant to radio. */
    degradedForMs: positiveMs.default(10_000),
    /** A phone link must be up this long before the participant returns to phone. */
    failbackStableMs: positiveMs.default(30_000),
    /** Tell the participant by SDS that it has been moved to the radio talkgroup. */
    announceBySds: z.boolean().default(true),
  })
  .strict();

export const radioSchema = z
  .object({
    id,
    /** A device path (/dev/ttyUSB0), a pty, or `sim:<name>` for the built-in simulator. */
    port: z.string().min(1),
    baudRate: z.number().int().positive().default(115200),
    issi,
    talkgroup: issi,
    /** SIP URI of the terminal's audio interface (RoIP), joined to the conference. */
    audio: z.string().optional(),
    profile: z.enum(['generic', 'motorola', 'sepura', 'airbus']).default('generic'),
  })
  .strict();

/** Tags say which networks an organisation belongs to: `{ area: [umealven], sector: [kommun] }` or a flat list. */
const tagsSchema = z.union([z.array(id), z.record(id, z.array(id).min(1))]);

export const participantSchema = z
  .object({
    id,
    name: z.string().min(1),
    tags: tagsSchema.optional(),
    organisation: z.string().min(1),
    phone: z.array(phoneNumber).default([]),
    radio: z.object({ issi, talkgroup: issi.optional() }).strict().optional(),
    /** Mobile numbers (E.164) the call-up (kallelse) is texted to; the first is used. */
    sms: z.array(z.string().regex(/^\+[1-9][0-9]{5,14}$/, 'an E.164 mobile number (+467...)')).default([]),
    /** MQTT username of this participant's site agent. */
    agent: z.string().min(1).optional(),
    priority: z.number().int().min(1).max(9).default(5),
  })
  .strict();

export const onSitePlaceSchema = z
  .object({
    name: z.string().trim().min(1),
    address: z.string().trim().min(1),
    note: z.string().trim().min(1).optional(),
  })
  .strict();
/** Within a tag key any value matches; every key must match; `add`/`exclude` name participants. */
export const rosterSelectorSchema = z
  .object({
    tags: tagsSchema.optional(),
    add: z.array(id).min(1).optional(),
    exclude: z.array(id).min(1).optional(),
  })
  .strict()
  .refine((s) => s.tags !== undefined || s.add !== undefined || s.exclude !== undefined, {
    message: 'a roster selector needs "tags", "add" or "exclude"',
  });

export const conferenceSchema = z
  .object({
    id,
    name: z.string().min(1),
    /** "all", participant ids, or a selector over the participants' tags (bridge/roster.ts). */
    roster: z.union([z.literal('all'), z.array(id).min(1), rosterSelectorSchema]).default('all'),
    hostPinHash: secretHash.optional(),
    participantPinHash: secretHash.optional(),
    conveneOnStart: z.boolean().default(false),
    /** Dialled numbers (E.164 or the user part drachtio sees) that reach this conference. */
    dialInNumbers: z.array(z.string().min(1)).default([]),
    /** The pre-agreed room the conference meets in when phone and radio fail (på plats). */
    onSite: onSitePlaceSchema.optional(),
  })
  .strict();

const weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

export const sambandstestScheduleSchema = z
  .object({
    id,
    weekday,
    time: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM (24 h)'),
    timezone: timeZone.default('Europe/Stockholm'),
    paths: z
      .array(z.enum(['phone', 'radio', 'agent']))
      .min(1)
      .default(['phone', 'radio', 'agent']),
    participants: z.union([z.literal('all'), z.array(id).min(1)]).default('all'),
  })
  .strict();

/** The GSM/LTE modem the call-up's SMS go through (3GPP TS 27.005 text mode on a serial port). */
export const smsModemSchema = z
  .object({
    id: id.default('modem-1'),
    /** A device path (/dev/ttyUSB2), a pty, or `sim:<name>` for the built-in simulated modem. */
    port: z.string().min(1),
    baudRate: z.number().int().positive().default(115200),
    /** RTS/CTS hardware flow control, as some modems want it. */
    rtscts: z.boolean().default(false),
    /** How long a message waits for a vanished modem before it fails. */
    linkWaitMs: positiveMs.default(120_000),
    /** How long a status report is waited for before the message counts as sent. */
    reportWaitMs: positiveMs.default(120_000),
  })
  .strict();

/** The call-up (kallelse) sent by SDS and SMS when a host convenes (issue 12). */
export const callUpSchema = z
  .object({
    /** The modem for the SMS part; without it the SMS part is skipped (`no-modem`). */
    sms: smsModemSchema.optional(),
    enabled: z.boolean().default(true),
    /** Who convenes, as the text names it; the host's user name is added. */
    sender: z.string().min(1).max(40).default('Samband'),
    /** The clock time in the text is local to this zone. */
    timeZone: timeZone.default('Europe/Stockholm'),
  })
  .strict();

export const sambandstestSchema = z
  .object({
    /** Per-target answer time-out. */
    targetTimeoutMs: positiveMs.default(60_000),
    schedules: z.array(sambandstestScheduleSchema).default([]),
  })
  .strict();

export const conferenceLogSchema = z
  .object({
    /** Ended conference runs older than this are removed; absent: every run is kept. */
    retentionDays: z.number().int().min(1).optional(),
  })
  .strict();

export const configSchema = z
  .object({
    gateway: gatewaySchema.default(gatewaySchema.parse({})),
    log: logSchema.default(logSchema.parse({})),
    simulation: simulationSchema.optional(),
    http: httpSchema.default(httpSchema.parse({})),
    mqtt: mqttSchema.default(mqttSchema.parse({})),
    opcua: opcuaSchema.default(opcuaSchema.parse({})),
    telephony: telephonySchema.default(telephonySchema.parse({})),
    failover: failoverSchema.default(failoverSchema.parse({})),
    radios: z.array(radioSchema).default([]),
    participants: z.array(participantSchema).min(1, 'at least one participant'),
    conferences: z.array(conferenceSchema).default([]),
    sambandstest: sambandstestSchema.default(sambandstestSchema.parse({})),
    conferenceLog: conferenceLogSchema.default(conferenceLogSchema.parse({})),
    callUp: callUpSchema.default(callUpSchema.parse({})),
  })
  .strict();

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof configSchema>;
export type ParticipantConfig = z.infer<typeof participantSchema>;
export type ConferenceConfig = z.infer<typeof conferenceSchema>;
export type RosterSelectorConfig = z.infer<typeof rosterSelectorSchema>;
export type RadioConfig = z.infer<typeof radioSchema>;
export type MqttConfig = z.infer<typeof mqttSchema>;
export type MqttUserConfig = z.infer<typeof mqttUserSchema>;
export type HttpConfig = z.infer<typeof httpSchema>;
export type OpcuaConfig = z.infer<typeof opcuaSchema>;
export type OpcuaUserConfig = z.infer<typeof opcuaUserSchema>;
export type TelephonyConfig = z.infer<typeof telephonySchema>;
export type TrunkConfig = z.infer<typeof trunkSchema>;
export type CapacityConfig = z.infer<typeof capacitySchema>;
export type FailoverConfig = z.infer<typeof failoverSchema>;
