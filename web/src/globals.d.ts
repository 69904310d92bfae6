/** File name of the scoring Web Worker inside `assets/`, injected by `scripts/build.ts`. */
declare const __SCORE_WORKER_FILE__: string;
