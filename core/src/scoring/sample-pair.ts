import type { Module } from '../bisuna/index.js';
import { base64ToU16, decodeModules } from '../bisuna/training/genome-codec.js';

/**
 * A short-key pair trained by `tem train` with the default spec (seed SAMPLE_SEED, SAMPLE_GENERATIONS
 * generations): Alice's genome (`encodeModules` form, base64); Bob is the same network (a tied
 * pair). What a real submission looks like, for benches, demos and tests.
 */
const SAMPLE_KEYSTREAM_GENOME =
  'AQAAAA4ABAADABEAAAAoAAAAAQABAAEAAQABAAEAAQABAAEAAgABAAIAAQACADEAAAEBAAACMQAABAcAIAAHAAABMQAgADEAIAABAAACAQAQAAcAEAACAAgAAAABAAMACAD/////CAACAP////8DAAQA/////woADQD/////AAAFAP////8KAAoA/////wsABQADAAEAAQAAAP////8JAAcA//9/AAkAAgD//38AAgABAP////8FABAA/////wsADwD///8PDQAKAP//fwAEAAIAAAABAAsAAAD//38ABwADAP////8QAAYA/////wAACQD//z8AEAALAP//AQAKAAgA//8PAAwAAQD//wcAAwAJAP////8BAAYA/////wIAAwD/////DAAHAAMAAQANAAQA/////wQACgD/////EAAEAP//AQANAAAA/////wQADgD//wMABwALAP////8LAA0A/////wkAEAD//wEADQAIAAYAAQALAAcA//8BAAgADQD/////CQAJAP//AQAMAA8ACAABAA==';

/**
 * The sample pair's Alice and Bob (fresh copies), with 3 payload words and 3 key words.
 *
 * @example
 * const { alice, bob } = sampleKeystreamPair();
 * modulesCipherPair(alice, bob, 3).roundTrip(jobs);
 */
export function sampleKeystreamPair(): { alice: Module; bob: Module } {
  const decode = () => decodeModules(base64ToU16(SAMPLE_KEYSTREAM_GENOME))[0]!;
  return { alice: decode(), bob: decode() };
}
