/**
 * `+CMS ERROR: <err>` of a GSM/LTE modem (3GPP TS 27.005 §3.2.5): 0–127 are the network's
 * RP-cause (TS 24.011 §8.2.5.4), 128–255 the TP-FCS failure cause (TS 23.040 §9.2.3.22),
 * 300–500 the modem's own. Each names the failure per recipient and says how the call-up
 * should count it: a wrong or unknown number, no network, or a refusal.
 */
import type { SmsFault } from '../../bridge/ports.js';

export interface CmsErrorInfo {
  readonly n: number;
  /** Stable name (`SMS_ERR_CMS_<NAME>`), shown per recipient. */
  readonly code: string;
  readonly message: string;
  readonly fault: SmsFault;
}

type Row = readonly [number, string, string, SmsFault];

const TABLE: readonly Row[] = [
  [1, 'UNASSIGNED_NUMBER', 'the number is not assigned to any subscriber', 'invalid-number'],
  [8, 'OPERATOR_BARRING', 'the operator bars this subscriber from sending', 'rejected'],
  [10, 'CALL_BARRED', 'outgoing messages are barred for this subscription', 'rejected'],
  [21, 'TRANSFER_REJECTED', 'the network rejected the short message', 'rejected'],
  [27, 'DESTINATION_OUT_OF_SERVICE', 'the recipient is out of service', 'no-network'],
  [28, 'UNIDENTIFIED_SUBSCRIBER', 'the recipient is not known to the network', 'invalid-number'],
  [29, 'FACILITY_REJECTED', 'the network rejected the requested facility', 'rejected'],
  [30, 'UNKNOWN_SUBSCRIBER', 'the subscriber is not registered in the network', 'invalid-number'],
  [38, 'NETWORK_OUT_OF_ORDER', 'the network is out of order', 'no-network'],
  [41, 'TEMPORARY_FAILURE', 'temporary network failure', 'no-network'],
  [42, 'CONGESTION', 'the network is congested', 'no-network'],
  [47, 'RESOURCES_UNAVAILABLE', 'network resources unavailable', 'no-network'],
  [50, 'FACILITY_NOT_SUBSCRIBED', 'SMS is not part of the subscription', 'rejected'],
  [69, 'FACILITY_NOT_IMPLEMENTED', 'the network does not implement the facility', 'rejected'],
  [81, 'INVALID_REFERENCE', 'invalid short message transfer reference', 'rejected'],
  [95, 'INVALID_MESSAGE', 'the network found the message invalid', 'rejected'],
  [96, 'INVALID_MANDATORY_INFORMATION', 'mandatory information missing or invalid', 'rejected'],
  [97, 'MESSAGE_TYPE_NONEXISTENT', 'message type not known to the network', 'rejected'],
  [98, 'MESSAGE_NOT_COMPATIBLE', 'message not compatible with the protocol state', 'rejected'],
  [99, 'IE_NONEXISTENT', 'information element not known to the network', 'rejected'],
  [111, 'PROTOCOL_ERROR', 'protocol error', 'rejected'],
  [127, 'INTERWORKING', 'interworking error', 'rejected'],
  [128, 'TELEMATIC_INTERWORKING_NOT_SUPPORTED', 'telematic interworking not supported', 'rejected'],
  [176, 'TPDU_NOT_SUPPORTED', 'the service centre does not support the message', 'rejected'],
  [192, 'SC_BUSY', 'the service centre is busy', 'no-network'],
  [193, 'NO_SC_SUBSCRIPTION', 'no subscription with the service centre', 'rejected'],
  [194, 'SC_SYSTEM_FAILURE', 'the service centre failed', 'no-network'],
  [195, 'INVALID_SME_ADDRESS', 'the recipient address is invalid', 'invalid-number'],
  [196, 'DESTINATION_BARRED', 'the recipient is barred', 'rejected'],
  [197, 'DUPLICATE_REJECTED', 'the service centre rejected a duplicate message', 'rejected'],
  [208, 'SIM_SMS_STORAGE_FULL', 'the SIM message storage is full', 'rejected'],
  [255, 'UNSPECIFIED', 'unspecified error', 'rejected'],
  [300, 'ME_FAILURE', 'the modem failed', 'adapter-down'],
  [301, 'SMS_SERVICE_RESERVED', 'the modem reserves its SMS service', 'adapter-down'],
  [302, 'NOT_ALLOWED', 'operation not allowed in the modem’s state', 'rejected'],
  [303, 'NOT_SUPPORTED', 'operation not supported by the modem', 'rejected'],
  [304, 'INVALID_PDU_PARAMETER', 'invalid PDU mode parameter', 'rejected'],
  [305, 'INVALID_TEXT_PARAMETER', 'invalid text mode parameter', 'rejected'],
  [310, 'SIM_NOT_INSERTED', 'no SIM in the modem', 'adapter-down'],
  [311, 'SIM_PIN_REQUIRED', 'the modem’s SIM needs its PIN', 'adapter-down'],
  [312, 'PH_SIM_PIN_REQUIRED', 'the modem needs its PH-SIM PIN', 'adapter-down'],
  [313, 'SIM_FAILURE', 'the modem cannot use its SIM', 'adapter-down'],
  [314, 'SIM_BUSY', 'the SIM is busy', 'adapter-down'],
  [315, 'SIM_WRONG', 'wrong SIM in the modem', 'adapter-down'],
  [316, 'SIM_PUK_REQUIRED', 'the modem’s SIM is blocked (PUK required)', 'adapter-down'],
  [320, 'MEMORY_FAILURE', 'the modem’s message memory failed', 'adapter-down'],
  [321, 'INVALID_MEMORY_INDEX', 'invalid message memory index', 'rejected'],
  [322, 'MEMORY_FULL', 'the modem’s message memory is full', 'rejected'],
  [330, 'SMSC_ADDRESS_UNKNOWN', 'the service centre number is not set on the SIM', 'adapter-down'],
  [331, 'NO_NETWORK_SERVICE', 'the modem has no network service', 'no-network'],
  [332, 'NETWORK_TIMEOUT', 'the network did not answer in time', 'timeout'],
  [340, 'NO_CNMA_EXPECTED', 'no +CNMA acknowledgement expected', 'rejected'],
  [500, 'UNKNOWN', 'the modem reported an unknown error', 'rejected'],
];

const BY_N = new Map<number, CmsErrorInfo>(
  TABLE.map(([n, name, message, fault]) => [n, { n, code: `SMS_ERR_CMS_${name}`, message, fault }]),
);

/** The entry for `+CMS ERROR: n`; a value the table lacks still gets a name that keeps n. */
export function cmsError(n: number): CmsErrorInfo {
  return (
    BY_N.get(n) ?? {
      n,
      code: 'SMS_ERR_CMS_OTHER',
      message: `the modem or network reported error ${n}`,
      fault: n >= 300 && n < 500 ? 'adapter-down' : 'rejected',
    }
  );
}
