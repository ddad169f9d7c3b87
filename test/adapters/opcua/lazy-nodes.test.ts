/** LazySubtrees: which lookups build a deferred subtree, and that it is built once. */
import { coerceNodeId, type Namespace, type NodeId } from 'node-opcua';
import { beforeEach, expect, it } from 'vitest';
import { LazySubtrees } from '../../../adapters/opcua/lazy-nodes.js';

let looked: string[];
let built: string[];
let namespace: Namespace;
let lazy: LazySubtrees;

beforeEach(() => {
  looked = [];
  built = [];
  // Only what LazySubtrees touches: the index and findNode2, which every service's lookup uses.
  namespace = {
    index: 1,
    findNode2: (nodeId: NodeId) => {
      looked.push(nodeId.toString());
      return null;
    },
  } as unknown as Namespace;
  lazy = new LazySubtrees(namespace);
  for (const id of ['a', 'a.b', 'ab']) {
    lazy.defer(`Samband.Participants.${id}`, () => built.push(id));
  }
});

const find = (id: string) => namespace.findNode2(coerceNodeId(id));

it('builds nothing until a node at or below a root is looked up', () => {
  find('ns=1;s=Samband.Participants');
  find('ns=1;s=Samband.Gateway.Name');
  find('ns=1;i=42');
  find('ns=0;s=Samband.Participants.a.Name');
  expect(built).toEqual([]);
  expect(lazy.isPending('Samband.Participants.a')).toBe(true);
  // The lookups themselves still reach node-opcua.
  expect(looked).toHaveLength(4);
});

it('builds a subtree once, before the lookup that needs it', () => {
  find('ns=1;s=Samband.Participants.ab.Links.Phone.Mos');
  expect(built).toEqual(['ab']);
  find('ns=1;s=Samband.Participants.ab');
  find('ns=1;s=Samband.Participants.ab.Name');
  expect(built).toEqual(['ab']);
  expect(lazy.isPending('Samband.Participants.ab')).toBe(false);
  expect(lazy.isPending('Samband.Participants.a')).toBe(true);
});

it('tells ids with dots apart by their longest deferred prefix', () => {
  find('ns=1;s=Samband.Participants.a.b.Name');
  expect(built).toEqual(['a.b']);
  find('ns=1;s=Samband.Participants.a.Name');
  expect(built).toEqual(['a.b', 'a']);
});

it('builds a subtree when its root itself is looked up (a browse of the participant)', () => {
  find('ns=1;s=Samband.Participants.a');
  expect(built).toEqual(['a']);
});

it('does not build again when building looks nodes up', () => {
  lazy.defer('Samband.Participants.c', () => {
    built.push('c');
    find('ns=1;s=Samband.Participants.c.Name');
  });
  find('ns=1;s=Samband.Participants.c.Links');
  expect(built).toEqual(['c']);
});
