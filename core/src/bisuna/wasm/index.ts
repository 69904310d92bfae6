export {
  encryptStreamWasm,
  isWasmKernelAvailable,
  runPairEpisodeWasm,
  WasmKernelError,
  type WasmEve,
} from './wasm-kernel.js';
