export * from './scoring';
export * from './effects';
export * from './example';
export * from './checks';
