import * as z from 'zod';

/** A CID as text: CIDv0 (`Qm…`, base58btc) or CIDv1 in base32 (`b…`). Checked for shape only. */
export const cidText = z
  .string()
  .regex(/^(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{20,200})$/, 'must be a CID (Qm… or b…)');

export const evmAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x address');

export const probability = z.number().min(0).max(1);

export const httpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');
