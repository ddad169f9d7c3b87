/**
 * Who calls a method. Anonymous sessions may browse and read but never call; a user's role
 * comes from the configuration (the same ranks as the HTTP API's tokens).
 */
import { type ISessionContext, UserNameIdentityToken } from 'node-opcua';
import type { OpcuaConfig, Role } from '../../config/schema.js';
import { OpcuaError, OpcuaErrorCodes } from './errors.js';

export interface Principal {
  /** The OPC UA user name: the audit trail's `by`. */
  name: string;
  role: Role;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, technician: 1, host: 2 };

export type AccessCheck = (context: ISessionContext, needed: Role) => Principal;

/** @throws OpcuaError ACCESS_DENIED */
export function createAccessCheck(users: OpcuaConfig['users']): AccessCheck {
  const roles = new Map(users.map((u) => [u.username, u.role]));
  return (context, needed) => {
    const token = context.session?.userIdentityToken;
    // Only user-name tokens reach here authenticated: the server's user manager checked the password.
    const name = token instanceof UserNameIdentityToken ? token.userName : null;
    const role = name === null ? undefined : roles.get(name);
    if (name === null || role === undefined) {
      throw new OpcuaError(
        OpcuaErrorCodes.ACCESS_DENIED,
        `this needs a signed-in user with the role "${needed}"`,
      );
    }
    if (ROLE_RANK[role] < ROLE_RANK[needed]) {
      throw new OpcuaError(
        OpcuaErrorCodes.ACCESS_DENIED,
        `this needs the role "${needed}"; the user "${name}" is "${role}"`,
      );
    }
    return { name, role };
  };
}
