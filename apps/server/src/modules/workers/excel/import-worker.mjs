// Boots the import's worker thread: worker threads do not inherit the main thread's TypeScript
// loader, so tsx is registered here before the TypeScript entry is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./import-thread.ts');
