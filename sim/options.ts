/** Option types shared by the simulator's adapters. */
import type { Config } from '../config/schema.js';

/** The parsed `simulation` section (config/schema.ts exports the schema but not this type). */
export type SimulationConfig = NonNullable<Config['simulation']>;
