import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Jest gives no `global.gc`; this turns V8's on for this worker (a new context then holds it).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap in use after full garbage collections: what is still reachable, in bytes. */
export function measureHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
