import type { Module } from '../bisuna/index.js';
import { base64ToU16, decodeModules } from '../bisuna/training/genome-codec.js';

/**
 * A short-key pair trained with the default config (what `tem train --seed 1` runs: 2,000
 * generations; the champion of generation 1,707, 25 neurons, 116 connections): Alice's genome
 * (`encodeModules` form, base64); Bob is the same network (a tied pair). What a real submission
 * looks like, for benches, demos and tests.
 */
const SAMPLE_KEYSTREAM_GENOME =
  'AQAAAC8ABAADABkAAAB0AAAAAQABAAEAAQABAAEAAQABAAEAAgABAAIAAQACAAEAAAIxAAACAQAABAEAAAEHAAABMQAAAQcAAAExAEAAAQAAAQEAAAIHAIAAAQAAAgEAAAEBAAACMQAQADEAAAQHAEAABwAQAAEAAAAEAAEAAAADAP////8DAAYA/////wcAAAD/////AgABAP////8HAAQA/////wYABAD/////AwAHAP////8FAAcA/////xEABQD/////CQARAP////8FAAgA/////w4AAgD/////BwAGAP////8TABEA/////xQAEQD/////AwAFAP////8EAAIA/////woADwD/////EgAAAP////8MAAQA/////wQABwD/////BgABAP////8IABUA/////w8AFQD/////BQARABIAAQARAAgABQABABUAEQD/////BgASAP////8WAAoA/////xIABwD/////DQAGAP////8UAAgA/////wIADAAFAAEAEgAPAP////8EAAgADwABAAMABQAKAAEAAgAKAP////8GABAA/////xEAEwD/////DAAHAP////8UAAAAFQABABYACgD/////CAAVAP////8QABAA/////wUAFAD/////AQATAP////8TAA0A////BxAACgD/////AAASAP////8QABMA/////wYAEAD///9/DAAVAP////8GAAwA////PwQAFQAMAAEAFAADAP////8JAA4A/////wYAEgD/////EAAHAP///wcXABUA/////xQAFwD/////EwAKAP////8UAA8A/////wsABQAFAAEAEgAJAP////8HABIA/////woAFQD/////AgARAP//AwATABUACAABAAwAFwD//x8ADwAPAP////8RAAwAEgABABYAEwD///8HEAAXAAUAAQARABgA/////wcABwD/////DwAMAP////8IAAoA/////w8AFAD///8DCAAHAP////8NAAsA/////wwAAQD/////BAAIAP//AQAWABYA/////wkAEQD/////EgAJAP////8JAAcA//8fAAMAEwD/////BgAYAP//BwAGABcA////ABYADgD/////FAAAAP////8SABQA//8BAA0AFQD/////CAAQAP////8NABQAEQABABYAAAD/////AQANAP//DwAUABgA/////wYAEQD//wMAAgAUAP////8HAA4A//8BABEADQD/////AQATAP////8UAA0A/////wcAFAD//wcADgAYAP//BwAOAA8AEwABAAoADwD//wEABQALAP////8UABYAAgABABAAAgD//wEAFAAOAP////8BABAA/////xIAEwASAAEAEwALAP//AQA=';

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
