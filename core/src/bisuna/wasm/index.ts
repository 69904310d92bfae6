export {
  encryptStreamWasm,
  isWasmKernelAvailable,
  runEveEpisodeWasm,
  runPairEpisodeWasm,
  WasmKernelError,
} from './wasm-kernel.js';
