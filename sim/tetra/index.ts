export { interpret, type PeiTarget } from './at-interpreter.js';
export { type SimCallEvent, type SimNode, TetraNetwork, type TetraNetworkOptions } from './network.js';
export { PeiOut, tsi } from './pei-format.js';
export { type PtyServer, servePty } from './pty-server.js';
export { VirtualTerminal, type VirtualTerminalOptions } from './virtual-terminal.js';
