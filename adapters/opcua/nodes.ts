/**
 * Building blocks of the address space: folders, objects and variables with stable string
 * NodeIds (`ns=1;s=Samband.Participants.<id>.ActivePath`) so that SCADA tags survive restarts.
 * Values are pushed from core events (setValueFromSource); nothing polls.
 */
import { DataType, type Namespace, type UAObject, type UAVariable } from 'node-opcua';
import type { Reading } from './values.js';

export type ValueType = 'String' | 'Double' | 'Boolean' | 'DateTime' | 'UInt32';

const DATA_TYPES: Record<ValueType, DataType> = {
  String: DataType.String,
  Double: DataType.Double,
  Boolean: DataType.Boolean,
  DateTime: DataType.DateTime,
  UInt32: DataType.UInt32,
};

export class NodeBuilder {
  readonly namespace: Namespace;
  constructor(namespace: Namespace) {
    this.namespace = namespace;
  }

  /** An object that is part of its parent (a participant's Links/Phone, Samband/Gateway). */
  object(parent: UAObject, path: string, browseName: string): UAObject {
    return this.namespace.addObject({ nodeId: `s=${path}`, browseName, componentOf: parent });
  }

  /** An entry of a folder (Participants/<id>). */
  entry(folder: UAObject, path: string, browseName: string): UAObject {
    return this.namespace.addObject({ nodeId: `s=${path}`, browseName, organizedBy: folder });
  }

  /** A FolderType object holding entries; it is itself a component of its parent. */
  folder(parent: UAObject, path: string, browseName: string): UAObject {
    return this.namespace.addObject({
      nodeId: `s=${path}`,
      browseName,
      typeDefinition: 'FolderType',
      componentOf: parent,
    });
  }

  variable(parent: UAObject, path: string, browseName: string, type: ValueType, initial: Reading): Value {
    const variable = this.namespace.addVariable({
      nodeId: `s=${path}.${browseName}`,
      browseName,
      componentOf: parent,
      dataType: DATA_TYPES[type],
      // Read-only for everyone: state changes go through methods, which check the caller's role.
      accessLevel: 'CurrentRead',
      userAccessLevel: 'CurrentRead',
      // Values change only when the core says so; clients need not sample faster than that.
      minimumSamplingInterval: 0,
    });
    const value = new Value(variable);
    value.set(initial);
    return value;
  }
}

/** One variable, written only when its reading changes (so monitored items see real changes). */
export class Value {
  readonly node: UAVariable;
  #last: Reading | null = null;
  constructor(node: UAVariable) {
    this.node = node;
  }
  set(reading: Reading): void {
    if (this.#last && sameReading(this.#last, reading)) return;
    this.#last = reading;
    this.node.setValueFromSource(reading.variant, reading.status);
  }
}

function sameReading(a: Reading, b: Reading): boolean {
  if (a.status.value !== b.status.value || a.variant.dataType !== b.variant.dataType) return false;
  const x: unknown = a.variant.value;
  const y: unknown = b.variant.value;
  if (x instanceof Date && y instanceof Date) return x.getTime() === y.getTime();
  return x === y;
}
