/** Objects/Samband/Conferences/<id>: the conference's state and who is in it, by which path. */
import type { UAObject } from 'node-opcua';
import type { ConferenceSnapshot } from '../../bridge/model.js';
import type { NodeBuilder } from './nodes.js';
import { count, flag, text, time } from './values.js';

export interface ConferenceNodes {
  readonly object: UAObject;
  set(conference: ConferenceSnapshot): void;
}

export function addConference(
  b: NodeBuilder,
  folder: UAObject,
  conference: ConferenceSnapshot,
): ConferenceNodes {
  const base = `Samband.Conferences.${conference.id}`;
  const object = b.entry(folder, base, conference.id);
  const v = (name: string, type: 'String' | 'Boolean' | 'DateTime' | 'UInt32', initial = text('')) =>
    b.variable(object, base, name, type, initial);
  const name = v('Name', 'String');
  const state = v('State', 'String');
  // What the run is about and whom it calls (issue 12): ids, comma-separated, in roster order.
  const subject = v('Subject', 'String');
  const roster = v('Roster', 'String');
  const since = v('Since', 'DateTime', time(conference.since));
  const locked = v('Locked', 'Boolean', flag(false));
  const recording = v('Recording', 'Boolean', flag(false));
  const rosterSize = v('RosterSize', 'UInt32', count(0));
  const connected = v('MembersConnected', 'UInt32', count(0));
  const onPhone = v('MembersOnPhone', 'UInt32', count(0));
  const onRadio = v('MembersOnRadio', 'UInt32', count(0));

  const nodes: ConferenceNodes = {
    object,
    set(c) {
      name.set(text(c.name));
      state.set(text(c.state));
      subject.set(text(c.subject ?? ''));
      roster.set(text(c.roster.join(',')));
      since.set(time(c.since));
      locked.set(flag(c.locked));
      recording.set(flag(c.recording !== null));
      rosterSize.set(count(c.roster.length));
      const phone = c.members.filter((m) => m.activePath === 'phone').length;
      const radio = c.members.filter((m) => m.activePath === 'radio').length;
      connected.set(count(phone + radio));
      onPhone.set(count(phone));
      onRadio.set(count(radio));
    },
  };
  nodes.set(conference);
  return nodes;
}
