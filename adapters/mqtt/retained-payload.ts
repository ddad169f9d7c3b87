/**
 * aedes keeps a retained message's payload as its parser produced it: a view into the socket
 * read it arrived in, up to 64 KB shared with the packets around it. A retained state topic
 * lives as long as the state stands, so one small view pins the whole read: with 500
 * participants the gateway's start-up snapshot alone left ~35 MB of such reads alive (heap
 * snapshot, bench/startup-500). Retained payloads are therefore given memory of their own,
 * once per publish; deliveries still share it.
 */
export function ownRetainedPayload(packet: { retain: boolean; payload: Buffer | string }): void {
  const { payload } = packet;
  if (!packet.retain || typeof payload === 'string') return;
  if (payload.byteLength === payload.buffer.byteLength) return;
  // allocUnsafeSlow: not a slice of Node's shared pool, which would pin a slab in turn.
  const own = Buffer.allocUnsafeSlow(payload.byteLength);
  payload.copy(own);
  packet.payload = own;
}
