export {
  decryptsEveryStepWasm,
  encryptStreamWasm,
  isWasmKernelAvailable,
  runEveEpisodeWasm,
  runPairEpisodeWasm,
  WasmKernelError,
  type EncryptStreamWasmOptions,
} from './wasm-kernel.js';
