/**
 * Node flags the gateway process is started with (`npm start` does; see README). An upload streams
 * hundreds of MiB through small short-lived objects, and V8 would grow its young generation to its
 * default 16 MiB semi-spaces (about 48 MiB of heap) for them; 1 MiB semi-spaces keep the gateway's
 * memory near its idle size whatever the uploads, for a little more garbage-collection work.
 */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=1'] as const;
