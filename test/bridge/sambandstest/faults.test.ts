import { describe, expect, it } from 'vitest';
import type { CallOutResult, SdsOutcome } from '../../../bridge/ports.js';
import {
  errorVerdict,
  phoneVerdict,
  radioVerdict,
  timeoutVerdict,
} from '../../../bridge/sambandstest/faults.js';

describe('phone outcome → result', () => {
  const cases: [CallOutResult, string, string | null][] = [
    [{ outcome: 'answered', number: '+46701740605' }, 'ok', null],
    [{ outcome: 'busy', number: '+46701740605' }, 'failed', 'busy'],
    [{ outcome: 'rejected', number: '+46701740605', cause: 'sip-603' }, 'failed', 'rejected'],
    [
      { outcome: 'rejected', number: '+46701740605', cause: 'not-confirmed' },
      'no-answer',
      'not-acknowledged',
    ],
    [{ outcome: 'no-answer', number: '+46701740605', cause: 'ring-timeout' }, 'no-answer', 'timeout'],
    [{ outcome: 'no-answer', number: '+46701740605' }, 'no-answer', 'timeout'],
    [{ outcome: 'failed', number: null, cause: 'adapter-down' }, 'failed', 'adapter-down'],
    [{ outcome: 'failed', number: null, cause: 'no-number' }, 'failed', 'no-number'],
    [{ outcome: 'failed', number: '+46701740605', cause: 'network-unreachable' }, 'failed', 'no-coverage'],
    [{ outcome: 'failed', number: '+46701740605', cause: 'sip-480' }, 'failed', 'no-coverage'],
    [{ outcome: 'failed', number: '+46701740605', cause: 'join-failed' }, 'failed', 'call-failed'],
  ];
  it.each(cases)('%o → %s / %s', (result, status, fault) => {
    expect(phoneVerdict(result)).toMatchObject({ status, fault });
  });

  it('names the number and the cause in the detail', () => {
    expect(phoneVerdict({ outcome: 'failed', number: '+46701740605', cause: 'join-failed' }).detail).toBe(
      'call failed: join-failed (+46701740605)',
    );
  });
});

describe('SDS outcome → result', () => {
  const cases: [SdsOutcome, string, string | null][] = [
    [{ delivered: true, roundTripMs: 400 }, 'ok', null],
    [{ delivered: false, fault: 'no-coverage', reason: 'not registered' }, 'no-answer', 'no-coverage'],
    [
      { delivered: false, fault: 'terminal-off', reason: 'target did not answer' },
      'no-answer',
      'terminal-off',
    ],
    [{ delivered: false, fault: 'timeout', reason: 'no delivery report' }, 'no-answer', 'timeout'],
    [{ delivered: false, fault: 'busy', reason: 'terminal busy' }, 'failed', 'busy'],
    [{ delivered: false, fault: 'rejected', reason: 'SDS rejected' }, 'failed', 'rejected'],
    [{ delivered: false, fault: 'adapter-down', reason: 'port closed' }, 'failed', 'adapter-down'],
  ];
  it.each(cases)('%o → %s / %s', (outcome, status, fault) => {
    expect(radioVerdict(outcome)).toMatchObject({ status, fault });
  });
});

describe('time-outs and thrown errors', () => {
  it('a target that does not settle in time is no-answer / timeout', () => {
    expect(timeoutVerdict(20_000)).toEqual({
      status: 'no-answer',
      fault: 'timeout',
      detail: 'no answer within 20000 ms',
    });
  });

  it('a thrown coded error keeps its code in the detail', () => {
    const error = Object.assign(new Error('refusing to dial'), { code: 'SAMBAND_ERR_NUMBER_NOT_CONFIGURED' });
    expect(errorVerdict(error)).toEqual({
      status: 'failed',
      fault: 'error',
      detail: 'refusing to dial [SAMBAND_ERR_NUMBER_NOT_CONFIGURED]',
    });
  });
});
