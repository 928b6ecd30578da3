/**
 * Career-system rule engine (职业体系). Rules are data: every number comes from a rule set's
 * content (types.ts), validated by `@cwp/contracts` (structure) and checks.ts (semantics). The
 * engine is pure: no I/O, no clock, no region's numbers. `examples.ts` holds seed data only.
 */
export * from './types';
export * from './errors';
export * from './money';
export * from './dates';
export * from './formula';
export * from './checks';
export * from './staffing';
export * from './grades';
export * from './pay';
export * from './labor-contract';
export * from './examples';
