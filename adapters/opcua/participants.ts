/** Objects/Samband/Participants/<id>: the participant, its voice path and its three links. */
import type { UAObject } from 'node-opcua';
import type { ParticipantView } from '../../bridge/core-api.js';
import type { LinkPath, LinkSnapshot, PathSnapshot } from '../../bridge/model.js';
import type { NodeBuilder, Value } from './nodes.js';
import { measured, notYetKnown, optionalText, text, time } from './values.js';

const LINK_NAMES: Record<LinkPath, string> = { phone: 'Phone', radio: 'Radio', agent: 'Agent' };

/** Which metrics each link has; the others would never be known. */
const METRICS: Record<LinkPath, readonly MetricName[]> = {
  phone: ['Mos', 'JitterMs', 'LossPct'],
  radio: ['RssiDbm', 'LastHeard'],
  agent: ['LastHeartbeat'],
};
type MetricName = 'Mos' | 'JitterMs' | 'LossPct' | 'RssiDbm' | 'LastHeard' | 'LastHeartbeat';

interface LinkValues {
  state: Value;
  reason: Value;
  since: Value;
  metrics: Partial<Record<MetricName, Value>>;
}

export interface ParticipantNodes {
  readonly object: UAObject;
  setPath(path: PathSnapshot): void;
  setLink(link: LinkSnapshot): void;
}

/** Participants/<id> alone, whose nodes addParticipantNodes builds (at once or when first used). */
export function addParticipantObject(b: NodeBuilder, folder: UAObject, id: string): UAObject {
  return b.entry(folder, participantBase(id), id);
}

export function participantBase(id: string): string {
  return `Samband.Participants.${id}`;
}

/** The nodes below Participants/<id>, with the values of `view` (the participant as it is now). */
export function addParticipantNodes(
  b: NodeBuilder,
  object: UAObject,
  view: ParticipantView,
): ParticipantNodes {
  const { participant } = view;
  const base = participantBase(participant.id);
  b.variable(object, base, 'Name', 'String', text(participant.name));
  b.variable(object, base, 'Organisation', 'String', text(participant.organisation));
  const activePath = b.variable(object, base, 'ActivePath', 'String', notYetKnown);
  const pathReason = b.variable(object, base, 'PathReason', 'String', notYetKnown);
  const pathSince = b.variable(object, base, 'PathSince', 'DateTime', notYetKnown);
  const pathOverride = b.variable(object, base, 'PathOverride', 'String', notYetKnown);

  const linksFolder = b.folder(object, `${base}.Links`, 'Links');
  const links = {} as Record<LinkPath, LinkValues>;
  for (const path of Object.keys(LINK_NAMES) as LinkPath[]) {
    const linkBase = `${base}.Links.${LINK_NAMES[path]}`;
    const linkObject = b.object(linksFolder, linkBase, LINK_NAMES[path]);
    const metrics: LinkValues['metrics'] = {};
    for (const name of METRICS[path]) {
      const type = name === 'LastHeard' || name === 'LastHeartbeat' ? 'DateTime' : 'Double';
      metrics[name] = b.variable(linkObject, linkBase, name, type, notYetKnown);
    }
    links[path] = {
      state: b.variable(linkObject, linkBase, 'State', 'String', notYetKnown),
      reason: b.variable(linkObject, linkBase, 'Reason', 'String', notYetKnown),
      since: b.variable(linkObject, linkBase, 'Since', 'DateTime', notYetKnown),
      metrics,
    };
  }

  const nodes: ParticipantNodes = {
    object,
    setPath(path) {
      activePath.set(text(path.active));
      pathReason.set(text(path.reason));
      pathSince.set(time(path.since));
      pathOverride.set(optionalText(path.override));
    },
    setLink(link) {
      const values = links[link.path];
      values.state.set(text(link.state));
      values.reason.set(text(link.reason));
      values.since.set(time(link.since));
      const m = link.metrics;
      values.metrics.Mos?.set(measured(m.mos));
      values.metrics.JitterMs?.set(measured(m.jitterMs));
      values.metrics.LossPct?.set(measured(m.lossPct));
      values.metrics.RssiDbm?.set(measured(m.rssiDbm));
      values.metrics.LastHeard?.set(time(m.lastHeard));
      values.metrics.LastHeartbeat?.set(time(m.lastHeartbeat));
    },
  };
  nodes.setPath(view.path);
  for (const link of Object.values(view.links)) nodes.setLink(link);
  return nodes;
}
