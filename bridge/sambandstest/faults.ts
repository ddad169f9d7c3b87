/**
 * How what a port reports becomes a result status and fault code. One table per path, so the
 * report means the same thing whichever adapter sits behind the port.
 * - `no-answer`: the far end did not acknowledge (out of coverage, switched off, nobody there);
 * - `failed`: a definite refusal or a fault on our side (busy, rejected, adapter down);
 * - `skipped`: the participant has no such path configured.
 */
import type { CallOutResult, RadioFault, SdsOutcome } from '../ports.js';
import type { FaultCode, ResultStatus } from './model.js';

export interface Verdict {
  status: ResultStatus;
  fault: FaultCode | null;
  detail: string;
}

/** A call-out that resolved (answered means acknowledged: the real adapter requires "press 1"). */
export function phoneVerdict(result: CallOutResult): Verdict {
  const cause = result.cause ?? '';
  const via = result.number ? ` (${result.number})` : '';
  switch (result.outcome) {
    case 'answered':
      return { status: 'ok', fault: null, detail: `answered and acknowledged${via}` };
    case 'busy':
      return { status: 'failed', fault: 'busy', detail: `busy${via}` };
    case 'rejected':
      if (cause === 'not-confirmed') {
        return {
          status: 'no-answer',
          fault: 'not-acknowledged',
          detail: `answered but not acknowledged${via}`,
        };
      }
      return { status: 'failed', fault: 'rejected', detail: `call rejected${withCause(cause)}${via}` };
    case 'no-answer':
      return { status: 'no-answer', fault: 'timeout', detail: `no answer${withCause(cause)}${via}` };
    case 'failed':
      return {
        status: 'failed',
        fault: failedCallFault(cause),
        detail: `call failed${withCause(cause)}${via}`,
      };
  }
}

function failedCallFault(cause: string): FaultCode {
  if (cause === 'adapter-down') return 'adapter-down';
  if (cause === 'no-number') return 'no-number';
  if (cause === 'network-unreachable' || cause === 'sip-480' || cause === 'sip-503') return 'no-coverage';
  return 'call-failed';
}

const RADIO_NO_ANSWER: ReadonlySet<RadioFault> = new Set(['no-coverage', 'terminal-off', 'timeout']);

/** An SDS with delivery report. */
export function radioVerdict(outcome: SdsOutcome): Verdict {
  if (outcome.delivered) {
    return { status: 'ok', fault: null, detail: `SDS delivered in ${outcome.roundTripMs} ms` };
  }
  return {
    status: RADIO_NO_ANSWER.has(outcome.fault) ? 'no-answer' : 'failed',
    fault: outcome.fault,
    detail: outcome.reason,
  };
}

/** The target did not settle within the run's per-target time-out. */
export function timeoutVerdict(timeoutMs: number): Verdict {
  return { status: 'no-answer', fault: 'timeout', detail: `no answer within ${timeoutMs} ms` };
}

/** A port threw instead of reporting an outcome. */
export function errorVerdict(error: unknown, fault: FaultCode = 'error'): Verdict {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? ` [${String(error.code)}]` : '';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', fault, detail: `${message}${code}` };
}

function withCause(cause: string): string {
  return cause ? `: ${cause}` : '';
}
