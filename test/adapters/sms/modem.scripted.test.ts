/**
 * The modem adapter against a scripted exchange written by hand from 3GPP TS 27.005 (§3.5.1
 * AT+CMGS with its `> ` prompt, §3.4.1 +CMTI / §3.4.1 +CDS, §3.4.3 AT+CMGR, §3.2.5 +CMS ERROR),
 * not produced by our simulator: what the adapter writes is checked byte for byte, and the
 * answers are the literal bytes a modem sends — including garbled lines, which are skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ByteStream, createMemoryPair } from '../../../adapters/radio/byte-stream.js';
import { SmsModem } from '../../../adapters/sms/modem.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';

/** The modem's side: records every byte the adapter wrote, answers each command line by script. */
class ScriptedModem {
  readonly written: string[] = [];
  #line = '';
  #body: string | null = null;
  readonly #stream: ByteStream;
  readonly #answer: (command: string) => string;

  constructor(stream: ByteStream, answer: (command: string) => string) {
    this.#stream = stream;
    this.#answer = answer;
    stream.events.on('data', (bytes) => {
      for (const byte of bytes) this.#byte(String.fromCharCode(byte));
    });
  }

  send(bytes: string): void {
    this.#stream.write(Uint8Array.from(bytes, (c) => c.charCodeAt(0)));
  }

  #byte(ch: string): void {
    if (this.#body !== null) {
      // The LF of the command line's CR LF is not text.
      if (ch === '\n' && this.#body === '') return;
      if (ch === '\x1a') {
        this.written.push(`${this.#body}<ctrl-z>`);
        this.#body = null;
        this.send(this.#answer('<body>'));
      } else this.#body += ch;
      return;
    }
    if (ch === '\n') return;
    if (ch !== '\r') {
      this.#line += ch;
      return;
    }
    const command = this.#line;
    this.#line = '';
    this.written.push(command);
    const answer = this.#answer(command);
    // After the prompt, what follows is the message text up to Ctrl-Z.
    if (answer.includes('\r\n> ')) this.#body = '';
    this.send(answer);
  }
}

const OK = '\r\nOK\r\n';
const NUMBER = '+46701740681';

describe('SmsModem against a scripted 27.005 exchange', () => {
  let modem: SmsModem | null = null;
  afterEach(async () => {
    await modem?.close();
    modem = null;
  });

  async function start(script: Record<string, string>) {
    const clock = new FakeClock();
    const pair = createMemoryPair();
    const peer = new ScriptedModem(pair.b, (command) => {
      const answer = script[command];
      if (answer === undefined) return '\r\nERROR\r\n';
      return answer;
    });
    modem = new SmsModem({ id: 'm', port: 'script', open: async () => pair.a, clock, logger: nullLogger });
    const started = modem.start();
    await flushPromises();
    await started;
    await flushPromises();
    return { clock, peer, modem };
  }

  const startup = {
    AT: OK,
    // Echo is still on when ATE0 arrives: the modem echoes it, then OK.
    ATE0: `ATE0\r${OK}`,
    'AT+CMGF=1': OK,
    'AT+CNMI=2,1,0,1,0': OK,
    'AT+CSCS="UCS2"': OK,
    'AT+CMGL="0041004C004C"': OK,
    'AT+CSQ': `\r\n+CSQ: 18,99${OK}`,
    'AT+CREG?': `\r\n+CREG: 0,1${OK}`,
    'AT+CSCS="GSM"': OK,
    'AT+CSMP=49,167,0,0': OK,
  };

  it('writes the text only after the > prompt, and counts it delivered on the +CDS report only', async () => {
    const { peer, modem } = await start({
      ...startup,
      [`AT+CMGS="${NUMBER}"`]: '\r\n> ',
      '<body>': `\r\n+CMGS: 74${OK}`,
    });
    expect(peer.written.slice(0, 4)).toEqual(['AT', 'ATE0', 'AT+CMGF=1', 'AT+CNMI=2,1,0,1,0']);
    let outcome: unknown = null;
    void modem.sendSms(NUMBER, 'Test 1 2 3').then((o) => {
      outcome = o;
    });
    for (let i = 0; i < 10; i += 1) await flushPromises();
    const from = peer.written.indexOf('AT+CSCS="GSM"');
    expect(peer.written.slice(from)).toEqual([
      'AT+CSCS="GSM"',
      'AT+CSMP=49,167,0,0',
      `AT+CMGS="${NUMBER}"`,
      'Test 1 2 3<ctrl-z>',
    ]);
    // Accepted (+CMGS) is not delivered: the status report decides.
    expect(outcome).toBeNull();
    // A garbled line and a report for another message come first; both are skipped.
    peer.send('\r\n\x00\xff\xfeGARBLED\r\n');
    peer.send('\r\n+CDS: 6,73,"+46701740699",145,"26/12/08,03:12:05+04","26/12/08,03:12:09+04",0\r\n');
    await flushPromises();
    expect(outcome).toBeNull();
    peer.send(`\r\n+CDS: 6,74,"${NUMBER}",145,"26/12/08,03:12:05+04","26/12/08,03:12:09+04",0\r\n`);
    for (let i = 0; i < 5; i += 1) await flushPromises();
    expect(outcome).toEqual({ state: 'delivered', parts: 1 });
  });

  it('still sees the prompt when a report follows it in the same read ("> " then CR LF)', async () => {
    const { peer, modem } = await start({
      ...startup,
      [`AT+CMGS="${NUMBER}"`]:
        '\r\n> \r\n+CDS: 6,12,"+46701740699",145,"26/12/08,03:12:05+04","26/12/08,03:12:09+04",0\r\n',
      '<body>': `\r\n+CMGS: 75${OK}\r\n+CDS: 6,75,"${NUMBER}",145,"26/12/08,03:12:05+04","26/12/08,03:12:09+04",0\r\n`,
    });
    const outcome = modem.sendSms(NUMBER, 'Test');
    for (let i = 0; i < 20; i += 1) await flushPromises();
    expect(peer.written.at(-1)).toBe('Test<ctrl-z>');
    expect(await outcome).toEqual({ state: 'delivered', parts: 1 });
  });

  it('names +CMS ERROR per recipient: the network out of order is no-network, an unknown subscriber invalid-number', async () => {
    const { modem } = await start({
      ...startup,
      'AT+CMGS="+46701740682"': '\r\n> ',
      'AT+CMGS="+46701740683"': '\r\n+CMS ERROR: 30\r\n',
      '<body>': '\r\n+CMS ERROR: 38\r\n',
    });
    const first = modem.sendSms('+46701740682', 'Test');
    const second = modem.sendSms('+46701740683', 'Test');
    for (let i = 0; i < 20; i += 1) await flushPromises();
    expect(await first).toEqual({
      state: 'failed',
      fault: 'no-network',
      reason: 'SMS_ERR_CMS_NETWORK_OUT_OF_ORDER (+CMS ERROR: 38): the network is out of order',
      parts: 1,
    });
    expect(await second).toMatchObject({
      state: 'failed',
      fault: 'invalid-number',
      reason: expect.stringContaining('SMS_ERR_CMS_UNKNOWN_SUBSCRIBER (+CMS ERROR: 30)'),
    });
  });

  it('reads a reply announced with +CMTI (number and text in UCS2 hex), hands it on and deletes it', async () => {
    const { peer, modem } = await start({
      ...startup,
      // "+46701740681" and "1" in UCS2; the time stamp has its own commas.
      'AT+CMGR=3': `\r\n+CMGR: "REC UNREAD","002B00340036003700300031003700340030003600380031",,"26/12/08,03:14:00+04"\r\n0031${OK}`,
      'AT+CMGD=3': OK,
      // A modem that leaves the number plain, and "Kan inte – älven" as UCS2.
      'AT+CMGR=4':
        `\r\n+CMGR: "REC UNREAD","+46701740682",,"26/12/08,03:15:00+04"\r\n004B0061006E00200069006E007400650020201300200065006C00760065006E${OK}`.replace(
          '0065006C00760065006E',
          '00E4006C00760065006E',
        ),
      'AT+CMGD=4': OK,
    });
    const got: { from: string; text: string }[] = [];
    modem.events.on('sms.received', (m) => got.push(m));
    peer.send('\r\n+CMTI: "SM",3\r\n');
    for (let i = 0; i < 20; i += 1) await flushPromises();
    peer.send('\r\n+CMTI: "ME",4\r\n');
    for (let i = 0; i < 20; i += 1) await flushPromises();
    expect(got).toEqual([
      { from: NUMBER, text: '1' },
      { from: '+46701740682', text: 'Kan inte – älven' },
    ]);
    expect(peer.written.filter((c) => /^AT\+CMG[RD]/.test(c))).toEqual([
      'AT+CMGR=3',
      'AT+CMGD=3',
      'AT+CMGR=4',
      'AT+CMGD=4',
    ]);
  });
});
