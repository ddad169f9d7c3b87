import { MemorySambandstestStore } from '../../../bridge/sambandstest/memory-store.js';
import { runSambandstestStoreContract } from '../../contracts/sambandstest-store.contract.js';

// Memory does not outlive a process: the crash-safety case is the SQLite adapter's.
runSambandstestStoreContract('MemorySambandstestStore', async () => {
  const store = new MemorySambandstestStore();
  return { store, dispose: () => store.close() };
});
