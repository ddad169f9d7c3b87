// Reads the server-sent event stream with fetch(), because EventSource cannot send an
// Authorization header. Reconnects with back-off; `onOpen` runs on every (re)connect so the
// caller can re-read snapshots and not miss what happened while disconnected.

/** Splits a text/event-stream body into { event, data } messages (WHATWG HTML §9.2.6, simplified). */
export function parseBlock(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    if (field === 'data') data.push(value);
  }
  return data.length === 0 ? null : { event, data: data.join('\n') };
}

export function openStream({ url, token, onOpen, onEvent, onStatus, onUnauthorized }) {
  const controller = new AbortController();
  let backoffMs = 1000;

  async function readOnce() {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    if (res.status === 401) {
      onUnauthorized();
      return false;
    }
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    backoffMs = 1000;
    onStatus(true);
    await onOpen();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      buffer += value.replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const message = parseBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (message) onEvent(message.event, JSON.parse(message.data));
      }
    }
  }

  async function loop() {
    while (!controller.signal.aborted) {
      try {
        if (!(await readOnce())) return;
      } catch (error) {
        if (controller.signal.aborted) return;
        console.warn('event stream failed', error);
      }
      onStatus(false);
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs = Math.min(backoffMs * 2, 15_000);
    }
  }

  loop();
  return { close: () => controller.abort() };
}
