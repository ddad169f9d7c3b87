/**
 * Subtrees of the address space built on first use. A participant's ~30 nodes (its values, its
 * three links, its methods) cost ~80 kB of heap in node-opcua, ~40 MB for 500 organisations,
 * while a control room reads a handful of them (issue 13). So only each participant's object is
 * built at start (a browse of Participants lists them all); the nodes below it are built, from
 * the core's current state, the first time any node at or below it is looked up.
 *
 * Every service that reaches a node by its NodeId (Read, Write, Browse, BrowseNext,
 * TranslateBrowsePathsToNodeIds, CreateMonitoredItems, Call, HistoryRead) goes through the
 * namespace's findNode2, so that is where a subtree is built: before node-opcua looks the node
 * up, never after a miss has been answered.
 */
import { type Namespace, type NodeId, NodeIdType } from 'node-opcua';

export class LazySubtrees {
  readonly #namespaceIndex: number;
  /** NodeId string of a subtree's root → what builds the nodes below it. */
  readonly #pending = new Map<string, () => void>();

  constructor(namespace: Namespace) {
    this.#namespaceIndex = namespace.index;
    const findNode2 = namespace.findNode2.bind(namespace);
    namespace.findNode2 = (nodeId: NodeId) => {
      if (this.#pending.size > 0) this.#touch(nodeId);
      return findNode2(nodeId);
    };
  }

  /** `build` makes the nodes below `root` (`s=<root>` exists already); it runs at most once. */
  defer(root: string, build: () => void): void {
    this.#pending.set(root, build);
  }

  /** Whether the nodes below `root` are still to be built. */
  isPending(root: string): boolean {
    return this.#pending.has(root);
  }

  #touch(nodeId: NodeId): void {
    if (nodeId.namespace !== this.#namespaceIndex || nodeId.identifierType !== NodeIdType.STRING) return;
    const id = String(nodeId.value);
    // The root itself or a node below it: ids may contain dots, so try each dotted prefix.
    for (let end = id.length; end > 0; end = id.lastIndexOf('.', end - 1)) {
      const build = this.#pending.get(id.slice(0, end));
      if (build) {
        // Removed first: building looks nodes up too, and must not build again.
        this.#pending.delete(id.slice(0, end));
        build();
        return;
      }
    }
  }
}
