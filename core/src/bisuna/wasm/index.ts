export {
  decryptsEveryStepWasm,
  encryptStreamWasm,
  isWasmKernelAvailable,
  runEveEpisodeWasm,
  runKeystreamsWasm,
  runPairEpisodeWasm,
  WasmKernelError,
  type EncryptStreamWasmOptions,
} from './wasm-kernel.js';
