/**
 * The `samband sim` console: one line, one command, for a technician rehearsing without
 * hardware. Participants are named by id or ISSI.
 */
import type { Config } from '../../config/schema.js';
import type { PtyWorld } from './pty-world.js';

export const CONSOLE_HELP = [
  'commands:',
  '  status                     subscribers (on/off) and served radios',
  '  off <participant|ISSI>     switch a participant radio off (SDS to it fail)',
  '  on <participant|ISSI>      switch it back on',
  '  talk <participant|ISSI> [s]  key its radio on its talkgroup for s seconds (default 3)',
  '  sds <participant|ISSI> <text>  send an SDS text to the first gateway radio',
  '  unplug <radio> | plug <radio>  pull / restore a gateway radio cable (its pty); "modem" for the SMS modem',
  "  sms <participant|number> <text>  the participant's mobile texts the gateway (a call-up reply: 1, 2 or text)",
  '  coverage <participant|number> on|off  put a mobile out of coverage (its SMS wait) or back',
  '  help',
].join('\n');

export async function runConsoleCommand(line: string, config: Config, sim: PtyWorld): Promise<string> {
  const [command, target, ...rest] = line.trim().split(/\s+/);
  const issiOf = (who: string | undefined): string => {
    if (!who) throw new Error('name a participant id or an ISSI');
    const participant = config.participants.find((p) => p.id === who);
    const issi = participant?.radio?.issi ?? who;
    sim.world.subscriber(issi);
    return issi;
  };
  const mobileOf = (who: string | undefined): string => {
    if (!who) throw new Error('name a participant id or a mobile number');
    const number = config.participants.find((p) => p.id === who)?.sms[0] ?? who;
    if (!/^\+[1-9][0-9]{5,14}$/.test(number)) throw new Error(`"${who}" has no mobile (sms) number`);
    return number;
  };
  try {
    switch (command) {
      case undefined:
      case '':
        return '';
      case 'help':
        return CONSOLE_HELP;
      case 'status':
        return status(config, sim);
      case 'off':
      case 'on':
        sim.world.setReachable(issiOf(target), command === 'on');
        return `${target} switched ${command}`;
      case 'talk': {
        const seconds = rest[0] === undefined ? 3 : Number(rest[0]);
        if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) return 'seconds must be 1-300';
        sim.world.talk(issiOf(target), seconds * 1000);
        return `${target} talks for ${seconds} s`;
      }
      case 'sds': {
        const to = sim.radios[0]?.radio.issi;
        if (!to || rest.length === 0) return 'usage: sds <participant|ISSI> <text>';
        sim.world.sendText(issiOf(target), to, rest.join(' '));
        return `SDS from ${target} to ${to} sent`;
      }
      case 'sms': {
        if (!sim.modem || rest.length === 0)
          return sim.modem ? 'usage: sms <participant|number> <text>' : 'no modem served (callUp.sms.port)';
        sim.modem.network.send(mobileOf(target), rest.join(' '));
        return `SMS from ${target} sent`;
      }
      case 'coverage': {
        if (!sim.modem || (rest[0] !== 'on' && rest[0] !== 'off'))
          return 'usage: coverage <participant|number> on|off';
        sim.modem.network.setCoverage(mobileOf(target), rest[0] === 'on');
        return `${target} ${rest[0] === 'on' ? 'in' : 'out of'} coverage`;
      }
      case 'unplug':
        await sim.unplug(target ?? '');
        return `${target} unplugged`;
      case 'plug':
        await sim.plug(target ?? '');
        return `${target} plugged in`;
      default:
        return `unknown command "${command}"\n${CONSOLE_HELP}`;
    }
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function status(config: Config, sim: PtyWorld): string {
  const lines = sim.radios.map(
    (r) => `radio ${r.radio.id} ${r.pair.device} ${r.pair.running ? 'plugged' : 'UNPLUGGED'}`,
  );
  for (const p of config.participants) {
    if (p.radio)
      lines.push(`${p.id.padEnd(24)} ${p.radio.issi} ${sim.world.isReachable(p.radio.issi) ? 'on' : 'OFF'}`);
  }
  return lines.join('\n');
}
