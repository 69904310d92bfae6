export {
  encryptStreamWasm,
  isWasmKernelAvailable,
  runPairEpisodeWasm,
  WasmKernelError,
} from './wasm-kernel.js';
