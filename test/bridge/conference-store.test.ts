import { InMemoryConferenceStateStore } from '../../bridge/conference-store.js';
import { runConferenceStateStoreContract } from '../contracts/conference-state-store.contract.js';

runConferenceStateStoreContract('InMemoryConferenceStateStore', async () => ({
  store: new InMemoryConferenceStateStore(),
  dispose: async () => {},
}));
