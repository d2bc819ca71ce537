/** Express's compiled `trust proxy` setting: is the hop at `index` (0 = the socket's peer) a trusted proxy? */
export type TrustProxy = (address: string, index: number) => boolean;

/**
 * The visitor's address as express's `req.ip` computes it, without express's request object: walk from
 * the socket's peer back through X-Forwarded-For while each hop is a trusted proxy.
 */
export function visitorAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: TrustProxy,
): string {
  let address = peer ?? '';
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (!header) return address;
  const hops = header.split(',');
  for (let index = hops.length - 1, hop = 0; index >= 0; index -= 1, hop += 1) {
    if (!trust(address, hop)) return address;
    address = hops[index].trim();
  }
  return address;
}
