/**
 * Objects/Samband/Trunks/<id>: the carrier trunks' health (issue 9). The telephony adapter
 * reports trunks only once it runs, so an entry is added when a trunk is first heard of rather
 * than from the configuration; its NodeIds are stable all the same.
 */
import type { UAObject } from 'node-opcua';
import type { TrunkStatus } from '../../bridge/trunk-status.js';
import type { NodeBuilder } from './nodes.js';
import { measured, text, time } from './values.js';

export interface TrunkNodes {
  set(status: TrunkStatus): void;
}

export function addTrunk(b: NodeBuilder, folder: UAObject, status: TrunkStatus): TrunkNodes {
  const base = `Samband.Trunks.${status.id}`;
  const object = b.entry(folder, base, status.id);
  const state = b.variable(object, base, 'State', 'String', text(status.state));
  const since = b.variable(object, base, 'Since', 'DateTime', time(status.since));
  const reason = b.variable(object, base, 'Reason', 'String', text(status.reason));
  const registration = b.variable(object, base, 'Registration', 'String', text(status.registration));
  const rtt = b.variable(object, base, 'RttMs', 'Double', measured(status.rttMs));
  return {
    set(s) {
      state.set(text(s.state));
      since.set(time(s.since));
      reason.set(text(s.reason));
      registration.set(text(s.registration));
      rtt.set(measured(s.rttMs));
    },
  };
}
