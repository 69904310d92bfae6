/** File name of the scoring Web Worker inside `assets/`, injected by `scripts/build.ts`. */
declare const __SCORE_WORKER_FILE__: string;

/** Assets bundled by esbuild's file loader: the import is the file's URL relative to the chunk. */
declare module '*.bmp' {
  const url: string;
  export default url;
}
