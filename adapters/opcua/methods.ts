/**
 * Methods: every call checks the caller's role first, runs one core operation with the OPC UA
 * user name as `by`, and answers with one String output `Result`. A failed call answers with
 * a Bad status code and still carries the error's code and message in `Result`, since a bare
 * status code cannot say which participant or state was wrong.
 */
import {
  type CallMethodResultOptions,
  DataType,
  type ISessionContext,
  type Namespace,
  StatusCodes,
  type UAObject,
  type Variant,
} from 'node-opcua';
import type { Logger } from '../../bridge/ports.js';
import type { Role } from '../../config/schema.js';
import type { AccessCheck, Principal } from './access.js';
import { messageOf, statusOf } from './status.js';

export interface MethodSpec {
  /** NodeId path, e.g. Samband.Participants.<id>.ForcePath */
  path: string;
  browseName: string;
  description: string;
  role: Role;
  inputs?: { name: string; description: string }[];
  /** Returns the Result text. */
  run(args: string[], by: Principal): Promise<string> | string;
}

export interface MethodDeps {
  namespace: Namespace;
  access: AccessCheck;
  logger: Logger;
}

export function addMethod(deps: MethodDeps, parent: UAObject, spec: MethodSpec): void {
  const method = deps.namespace.addMethod(parent, {
    nodeId: `s=${spec.path}`,
    browseName: spec.browseName,
    description: spec.description,
    inputArguments: (spec.inputs ?? []).map((i) => ({
      name: i.name,
      description: { text: i.description },
      dataType: DataType.String,
    })),
    outputArguments: [
      {
        name: 'Result',
        description: { text: 'what happened, or the error code and message' },
        dataType: DataType.String,
      },
    ],
  });
  method.bindMethod(async (inputArguments: Variant[], context: ISessionContext) =>
    call(deps, spec, inputArguments, context),
  );
}

async function call(
  deps: MethodDeps,
  spec: MethodSpec,
  inputArguments: Variant[],
  context: ISessionContext,
): Promise<CallMethodResultOptions> {
  let by: Principal | null = null;
  try {
    by = deps.access(context, spec.role);
    // node-opcua has already checked the argument count and that each is a String.
    const args = inputArguments.map((v) => String(v.value));
    const result = await spec.run(args, by);
    deps.logger.info({ method: spec.path, by: by.name }, 'opc ua method called');
    return { statusCode: StatusCodes.Good, outputArguments: [{ dataType: DataType.String, value: result }] };
  } catch (error) {
    const statusCode = statusOf(error);
    deps.logger.warn(
      { method: spec.path, by: by?.name ?? null, err: error, status: statusCode.name },
      'opc ua method refused',
    );
    return { statusCode, outputArguments: [{ dataType: DataType.String, value: messageOf(error) }] };
  }
}
