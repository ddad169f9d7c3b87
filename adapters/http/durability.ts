/**
 * An answer whose effect took place but could not be made durable (the store refuses writes,
 * e.g. a full disk) says so, instead of a plain 200 the operator would read as "saved": the
 * effect holds in memory, is retried, and would be lost only if the gateway stopped meanwhile.
 */
export const NOT_DURABLE_CODE = 'SAMBAND_ERR_STORE_NOT_SAVED';

export interface NotDurable {
  durable: false;
  warning: { code: typeof NOT_DURABLE_CODE; message: string };
}

export function withDurability<T extends object>(body: T, durable: boolean): T | (T & NotDurable) {
  if (durable) return body;
  return {
    ...body,
    durable: false,
    warning: {
      code: NOT_DURABLE_CODE,
      message:
        'done, but not saved: the gateway store refuses writes (see /readyz); kept in memory and retried, ' +
        'lost if the gateway stops before the store takes it',
    },
  };
}
