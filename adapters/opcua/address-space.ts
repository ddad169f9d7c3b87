/**
 * Objects/Samband: the gateway, its participants, conferences, radios and carrier trunks, kept current from the
 * core's events, with the methods a control room may call.
 */

import type { AddressSpace, UAObject } from 'node-opcua';
import type { GatewayCore } from '../../bridge/core-api.js';
import { VOICE_PATHS, type VoicePath } from '../../bridge/model.js';
import type { Logger } from '../../bridge/ports.js';
import type { SambandstestApi } from '../../bridge/sambandstest/service.js';
import type { StoreHealthSnapshot } from '../../bridge/store-health.js';
import type { AccessCheck } from './access.js';
import { addConference, type ConferenceNodes } from './conferences.js';
import { OpcuaError, OpcuaErrorCodes } from './errors.js';
import { LazySubtrees } from './lazy-nodes.js';
import { addMethod, type MethodDeps } from './methods.js';
import { NodeBuilder, type Value } from './nodes.js';
import {
  addParticipantNodes,
  addParticipantObject,
  type ParticipantNodes,
  participantBase,
} from './participants.js';
import { addRadio, type RadioNodes } from './radios.js';
import { conveneRequestOf } from './selection.js';
import { addTrunk, type TrunkNodes } from './trunks.js';
import { flag, noData, type Reading, text } from './values.js';

export interface AddressSpaceOptions {
  addressSpace: AddressSpace;
  core: GatewayCore;
  sambandstest?: SambandstestApi;
  access: AccessCheck;
  gatewayName: string;
  version: string;
  logger: Logger;
}

export interface SambandNodes {
  setGatewayState(state: 'online' | 'stopping'): void;
  /** Stops following the core's events. */
  detach(): void;
}

export function buildAddressSpace(options: AddressSpaceOptions): SambandNodes {
  const { addressSpace, core, logger } = options;
  const namespace = addressSpace.getOwnNamespace();
  const b = new NodeBuilder(namespace);
  const samband = namespace.addObject({
    nodeId: 's=Samband',
    browseName: 'Samband',
    organizedBy: addressSpace.rootFolder.objects,
  });
  const methods: MethodDeps = { namespace, access: options.access, logger };

  const gateway = b.object(samband, 'Samband.Gateway', 'Gateway');
  b.variable(gateway, 'Samband.Gateway', 'Name', 'String', text(options.gatewayName));
  b.variable(gateway, 'Samband.Gateway', 'Version', 'String', text(options.version));
  const gatewayState: Value = b.variable(gateway, 'Samband.Gateway', 'State', 'String', text('online'));
  // "ok", or why the store refuses writes (a full disk): the gateway runs on from memory meanwhile.
  const storeText = (h: StoreHealthSnapshot) => (h.ok ? 'ok' : `failing since ${h.since}: ${h.reason ?? ''}`);
  const storeState: Value = b.variable(
    gateway,
    'Samband.Gateway',
    'Store',
    'String',
    text(storeText(core.storeHealth())),
  );

  // Whether some carrier trunk can take calls; false means phone participants were moved to
  // radio (`trunks-down`). No data while no trunk has been reported (the sim back end has none).
  const usableReading = (usable: boolean): Reading => (core.trunks().length > 0 ? flag(usable) : noData);
  const trunksUsable: Value = b.variable(
    gateway,
    'Samband.Gateway',
    'TrunksUsable',
    'Boolean',
    usableReading(core.trunksUsable()),
  );

  // Built when first used (lazy-nodes.ts); only the ones built follow the core's events, and
  // the others start from the core's state when they are built.
  const participants = new Map<string, ParticipantNodes>();
  const lazy = new LazySubtrees(namespace);
  const participantFolder = b.folder(samband, 'Samband.Participants', 'Participants');
  for (const view of core.participants()) {
    const id = view.participant.id;
    const object = addParticipantObject(b, participantFolder, id);
    lazy.defer(participantBase(id), () => {
      participants.set(id, addParticipantNodes(b, object, core.participant(id)));
      addParticipantMethods(methods, object, id, core);
    });
  }

  const conferences = new Map<string, ConferenceNodes>();
  const conferenceFolder = b.folder(samband, 'Samband.Conferences', 'Conferences');
  for (const snapshot of core.conferences()) {
    const id = snapshot.id;
    const nodes = addConference(b, conferenceFolder, snapshot);
    conferences.set(id, nodes);
    const base = `Samband.Conferences.${id}`;
    addMethod(methods, nodes.object, {
      path: `${base}.Convene`,
      browseName: 'Convene',
      description: 'Call the roster out',
      role: 'host',
      run: async (_args, by) => `${id} is ${(await core.convene(id, by.name)).state}`,
    });
    addMethod(methods, nodes.object, {
      path: `${base}.ConveneWith`,
      browseName: 'ConveneWith',
      description:
        'Convene about a subject with a selection made now (e.g. "area:umealven sector:kommun,dammagare +lst -polisen"); refused, naming them, when someone is busy in another conference',
      role: 'host',
      inputs: [
        { name: 'Subject', description: 'what happened, e.g. "Höga flöden Umeälven" (may be empty)' },
        { name: 'Selection', description: 'key:value[,value] +id -id; empty: the configured roster' },
        { name: 'Mode', description: '"replace" (or empty) or "extend" the configured roster' },
      ],
      run: async ([subject = '', selection = '', mode = ''], by) => {
        const convened = await core.convene(id, by.name, conveneRequestOf(subject, selection, mode));
        return `${id} is ${convened.state}, calling ${convened.roster.length}`;
      },
    });
    addMethod(methods, nodes.object, {
      path: `${base}.End`,
      browseName: 'End',
      description: 'Hang everyone up and end the conference',
      role: 'host',
      run: async (_args, by) => `${id} is ${(await core.end(id, by.name)).state}`,
    });
  }

  const radios = new Map<string, RadioNodes>();
  const radioFolder = b.folder(samband, 'Samband.Radios', 'Radios');
  for (const status of core.radios()) radios.set(status.radioId, addRadio(b, radioFolder, status));

  const trunks = new Map<string, TrunkNodes>();
  const trunkFolder = b.folder(samband, 'Samband.Trunks', 'Trunks');
  for (const status of core.trunks()) trunks.set(status.id, addTrunk(b, trunkFolder, status));

  const sambandstest = options.sambandstest;
  if (sambandstest) {
    addMethod(methods, samband, {
      path: 'Samband.RunSambandstest',
      browseName: 'RunSambandstest',
      description: 'Start a sambandstest of every participant over every path; Result is the run id',
      role: 'technician',
      run: async (_args, by) => (await sambandstest.startRun({ trigger: 'api', requestedBy: by.name })).id,
    });
  }

  // Ids come from the configuration, so every event names a node built above; an unknown id
  // would be a core bug and is only logged.
  const unknown = (kind: string, id: string) =>
    logger.debug({ kind, id }, 'opc ua: event for an unknown node');
  const offs = [
    core.events.on('store.health', ({ health }) => storeState.set(text(storeText(health)))),
    core.events.on('path.changed', ({ path }) => {
      const nodes = participants.get(path.participantId);
      if (nodes) nodes.setPath(path);
      else if (!lazy.isPending(participantBase(path.participantId)))
        unknown('participant', path.participantId);
    }),
    core.events.on('link.changed', ({ link }) => participants.get(link.participantId)?.setLink(link)),
    core.events.on('link.metrics', ({ link }) => participants.get(link.participantId)?.setLink(link)),
    core.events.on('conference.changed', ({ conference }) => {
      const nodes = conferences.get(conference.id);
      if (nodes) nodes.set(conference);
      else unknown('conference', conference.id);
    }),
    core.events.on('trunk.changed', ({ trunk, usable }) => {
      const nodes = trunks.get(trunk.id);
      if (nodes) nodes.set(trunk);
      else trunks.set(trunk.id, addTrunk(b, trunkFolder, trunk));
      trunksUsable.set(usableReading(usable));
    }),
    core.events.on('radio.status', ({ status }) => {
      const nodes = radios.get(status.radioId);
      if (nodes) nodes.set(status);
      else unknown('radio', status.radioId);
    }),
  ];

  return {
    setGatewayState: (state) => gatewayState.set(text(state)),
    detach: () => {
      for (const off of offs.splice(0)) off();
    },
  };
}

function addParticipantMethods(methods: MethodDeps, object: UAObject, id: string, core: GatewayCore): void {
  const base = participantBase(id);
  addMethod(methods, object, {
    path: `${base}.ForcePath`,
    browseName: 'ForcePath',
    description: 'Pin the participant to a voice path ("phone" or "radio") until released',
    role: 'host',
    inputs: [{ name: 'path', description: '"phone" or "radio"' }],
    run: ([path], by) => {
      const snapshot = core.forcePath(id, voicePath(path), by.name);
      return `${id} is pinned to ${snapshot.override ?? snapshot.active}`;
    },
  });
  addMethod(methods, object, {
    path: `${base}.ReleasePath`,
    browseName: 'ReleasePath',
    description: 'Let automatic path selection choose again',
    role: 'host',
    run: (_args, by) => `${id} is on ${core.releasePath(id, by.name).active}`,
  });
}

/** @throws OpcuaError INVALID_ARGUMENT */
function voicePath(value: string | undefined): VoicePath {
  const found = VOICE_PATHS.find((p) => p === value);
  if (!found) {
    throw new OpcuaError(
      OpcuaErrorCodes.INVALID_ARGUMENT,
      `path must be one of ${VOICE_PATHS.map((p) => `"${p}"`).join(', ')}; found "${value ?? ''}"`,
    );
  }
  return found;
}
