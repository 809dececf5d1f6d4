import { MemoryRunStore } from '../../core/engine/local/memory-run-store';
import { runStoreContract } from './support/run-store-contract';

runStoreContract('MemoryRunStore', async (run) => {
  const store = new MemoryRunStore();
  store.insertRun(run);
  return store;
});
