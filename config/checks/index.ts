/** The cross-field rules, run after the schema has accepted the file. */
import { fallbackCoverage, httpAccess, opcuaAccess, timingSanity } from './advisories.js';
import type { Check } from './context.js';
import { uniqueAddresses, uniqueNames } from './identity.js';
import { distinctPorts } from './listeners.js';
import { agentReferences, rosterReferences } from './references.js';
import { rosterSelectors } from './rosters.js';
import { credentialsOutsideDemo } from './security.js';
import { simulatedAdapters } from './simulation.js';
import { trunkRules } from './trunks.js';

export { type CheckOutcome, runChecks } from './context.js';

export const crossChecks: readonly Check[] = [
  uniqueNames,
  uniqueAddresses,
  distinctPorts,
  rosterReferences,
  rosterSelectors,
  agentReferences,
  credentialsOutsideDemo,
  simulatedAdapters,
  fallbackCoverage,
  timingSanity,
  httpAccess,
  opcuaAccess,
  trunkRules,
];
