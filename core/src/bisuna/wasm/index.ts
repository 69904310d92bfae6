export {
  decryptsEveryStepWasm,
  encryptStreamWasm,
  isWasmKernelAvailable,
  runEveEpisodeWasm,
  runKeystreamsWasm,
  runCasesWasm,
  runPairEpisodeWasm,
  WasmKernelError,
  type EncryptStreamWasmOptions,
} from './wasm-kernel.js';
