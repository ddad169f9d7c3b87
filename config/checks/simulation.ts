/**
 * The `simulation` section marks a demo: simulated phones and radios exist only there, and a
 * real deployment must not silently run against simulators (that would test nothing).
 */
import type { Check } from './context.js';

export const simulatedAdapters: Check = (ctx) => {
  const { config } = ctx;
  const simulated = config.simulation !== undefined;

  if (config.telephony.backend === 'sim' && !simulated) {
    const path = ['telephony', 'backend'];
    const origin = ctx.isSetInFile(path) ? '"sim"' : '"sim" (the default)';
    ctx.error(
      path,
      `backend ${origin} requires the "simulation" section; use backend "drachtio" for real phones or add "simulation:" for a demo`,
    );
  }

  config.radios.forEach((radio, i) => {
    if (!radio.port.startsWith('sim:') || simulated) return;
    ctx.error(
      ['radios', i, 'port'],
      `a simulated radio port ("${radio.port}") requires the "simulation" section; expected a device such as /dev/ttyUSB0`,
    );
  });

  const modem = config.callUp.sms;
  if (modem?.port.startsWith('sim:') && !simulated) {
    ctx.error(
      ['callUp', 'sms', 'port'],
      `a simulated modem port ("${modem.port}") requires the "simulation" section; expected a device such as /dev/ttyUSB2`,
    );
  }

  const phones = config.simulation?.phones;
  if (phones && phones.answerDelayMinMs > phones.answerDelayMaxMs) {
    ctx.error(
      ['simulation', 'phones', 'answerDelayMinMs'],
      `expected at most answerDelayMaxMs (${phones.answerDelayMaxMs}), found ${phones.answerDelayMinMs}`,
    );
  }
};
