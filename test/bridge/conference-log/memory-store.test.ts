import { InMemoryConferenceLogStore } from '../../../bridge/conference-log/memory-store.js';
import { runConferenceLogStoreContract } from '../../contracts/conference-log-store.contract.js';

runConferenceLogStoreContract('InMemoryConferenceLogStore', async () => ({
  store: new InMemoryConferenceLogStore(),
  dispose: async () => {},
}));
