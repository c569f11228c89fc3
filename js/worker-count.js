// How many engine workers read the files when the user does not say: a second worker needs
// cores to spare beside the one that reads the files and the main thread. On 2 cores it gained
// nothing in Chromium on the 1 GB benchmark (5.7 s against 5.4 s with one), and reading one
// large log in two parts 1.1-1.2x at best in Node (docs/PERFORMANCE.md); each worker costs a
// wasm heap of its own.
export function defaultWorkerCount(cores) {
  return (cores || 1) >= 4 ? 2 : 1;
}
