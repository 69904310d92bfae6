import { localGatewayStore } from '@tem/core/ipfs';
import { contentFromPath } from '@tem/gateway';

/** Uploads the folder `dir` (a built site) to the gateway; returns its CID and URL there. */
export async function publishSite(
  gatewayUrl: string,
  dir: string,
): Promise<{ cid: string; url: string }> {
  const cid = (
    await localGatewayStore({ url: gatewayUrl }).put(await contentFromPath(dir))
  ).toString();
  return { cid, url: `${gatewayUrl}/ipfs/${cid}/` };
}
