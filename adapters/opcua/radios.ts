/** Objects/Samband/Radios/<id>: the gateway's own TETRA terminals. */
import type { UAObject } from 'node-opcua';
import type { RadioStatus } from '../../bridge/model.js';
import type { NodeBuilder } from './nodes.js';
import { flag, measured, optionalText, text } from './values.js';

export interface RadioNodes {
  readonly object: UAObject;
  set(status: RadioStatus): void;
}

export function addRadio(b: NodeBuilder, folder: UAObject, status: RadioStatus): RadioNodes {
  const base = `Samband.Radios.${status.radioId}`;
  const object = b.entry(folder, base, status.radioId);
  const port = b.variable(object, base, 'Port', 'String', text(status.port));
  const connected = b.variable(object, base, 'Connected', 'Boolean', flag(false));
  const mode = b.variable(object, base, 'Mode', 'String', text('unknown'));
  const registered = b.variable(object, base, 'Registered', 'Boolean', flag(false));
  const rssi = b.variable(object, base, 'RssiDbm', 'Double', measured(null));
  const talkgroup = b.variable(object, base, 'Talkgroup', 'String', optionalText(null));
  const reason = b.variable(object, base, 'Reason', 'String', text(''));

  const nodes: RadioNodes = {
    object,
    set(s) {
      port.set(text(s.port));
      connected.set(flag(s.connected));
      mode.set(text(s.mode));
      registered.set(flag(s.registered));
      rssi.set(measured(s.rssiDbm));
      talkgroup.set(optionalText(s.talkgroup));
      reason.set(text(s.reason));
    },
  };
  nodes.set(status);
  return nodes;
}
