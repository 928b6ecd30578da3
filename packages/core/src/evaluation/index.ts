export * from './types';
export * from './scoring';
export * from './checks';
export * from './example';
