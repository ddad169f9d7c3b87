import { runTelephonyContract } from '../../contracts/telephony.contract.js';
import { ALPHA, CONF, fixture } from './fixture.js';

runTelephonyContract('DrachtioTelephony on fakes of drachtio-srf/fsmrf', async () => {
  const f = await fixture();
  return {
    port: f.telephony,
    conferenceId: CONF,
    participant: { id: ALPHA.id, numbers: [...ALPHA.phoneNumbers] },
    unconfiguredNumber: '+46709999999',
    unknownParticipantId: 'nobody',
    setReachable: (participantId, reachable) => {
      if (participantId !== ALPHA.id) return;
      for (const n of ALPHA.phoneNumbers) {
        const phone = f.backend.phone(n);
        phone.behaviour = reachable ? { kind: 'answer', afterMs: 1000 } : { kind: 'no-answer' };
        phone.setMedia(reachable);
      }
    },
    dialled: () => f.backend.dialled(),
    advance: f.advance,
    settleWithinMs: 120_000,
    mediaTimeoutMs: 10_000,
    dispose: () => f.telephony.close(),
  };
});
