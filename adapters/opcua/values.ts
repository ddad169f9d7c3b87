/**
 * Domain values as OPC UA Variants with a StatusCode: a value the core has not measured yet is
 * BadWaitingForInitialData; one that is legitimately absent (no talkgroup, no override) is GoodNoData.
 */
import { DataType, type StatusCode, StatusCodes, Variant } from 'node-opcua';

export interface Reading {
  variant: Variant;
  status: StatusCode;
}

const EMPTY = new Variant({ dataType: DataType.Null });

export const notYetKnown: Reading = { variant: EMPTY, status: StatusCodes.BadWaitingForInitialData };
export const noData: Reading = { variant: EMPTY, status: StatusCodes.GoodNoData };

export function text(value: string): Reading {
  return { variant: new Variant({ dataType: DataType.String, value }), status: StatusCodes.Good };
}

export function flag(value: boolean): Reading {
  return { variant: new Variant({ dataType: DataType.Boolean, value }), status: StatusCodes.Good };
}

export function count(value: number): Reading {
  return { variant: new Variant({ dataType: DataType.UInt32, value }), status: StatusCodes.Good };
}

/** Measurements: undefined means "not measured yet". */
export function measured(value: number | null | undefined): Reading {
  if (value === undefined || value === null || !Number.isFinite(value)) return notYetKnown;
  return { variant: new Variant({ dataType: DataType.Double, value }), status: StatusCodes.Good };
}

/** ISO-8601 times from the core; undefined means "not seen yet". */
export function time(iso: string | null | undefined): Reading {
  if (iso === undefined || iso === null) return notYetKnown;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return notYetKnown;
  return { variant: new Variant({ dataType: DataType.DateTime, value: date }), status: StatusCodes.Good };
}

/** Optional text: null is a known absence. */
export function optionalText(value: string | null): Reading {
  return value === null ? noData : text(value);
}
