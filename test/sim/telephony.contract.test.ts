import { runTelephonyContract } from '../contracts/telephony.contract.js';
import { ALPHA, CONF, telephonyFixture } from './fixtures.js';

runTelephonyContract('SimTelephony', async () => {
  const { clock, telephony } = telephonyFixture();
  return {
    port: telephony,
    conferenceId: CONF,
    participant: { id: ALPHA.id, numbers: [...ALPHA.phone] },
    unconfiguredNumber: '+46709999999',
    unknownParticipantId: 'nobody',
    setReachable: (participantId, reachable) =>
      telephony.network.setState(participantId, reachable ? 'up' : 'down'),
    dialled: () => telephony.network.dialled().map((d) => d.number),
    advance: (ms) => clock.advanceAsync(ms, 50),
    settleWithinMs: 60_000,
    mediaTimeoutMs: 10_000,
    dispose: () => telephony.close(),
  };
});
