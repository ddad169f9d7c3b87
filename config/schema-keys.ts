/**
 * Which keys the schema accepts at a path, so that an unknown key (usually a typo) can be
 * answered with "did you mean …?" instead of only "unknown key".
 */
import { z } from 'zod';
import type { FieldPath } from './problem.js';

export function knownKeysAt(schema: z.ZodType, path: FieldPath): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current ? childSchema(current, segment) : undefined;
  }
  const object = current ? objectOf(current) : undefined;
  return object ? Object.keys(object.shape) : [];
}

function childSchema(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  const inner = unwrap(schema);
  if (typeof segment === 'number') {
    if (inner instanceof z.ZodArray) return inner.element as z.ZodType;
    // A union such as `"all" | string[]`: descend into the array option.
    if (inner instanceof z.ZodUnion) {
      const array = (inner.options as readonly z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodArray);
      return array instanceof z.ZodArray ? (array.element as z.ZodType) : undefined;
    }
    return undefined;
  }
  const object = objectOf(inner);
  return object ? (object.shape[segment] as z.ZodType | undefined) : undefined;
}

function objectOf(schema: z.ZodType): z.ZodObject | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? inner : undefined;
}

// Defaults and optionals wrap the schema that knows the keys; refinements in zod 4 do not wrap.
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
