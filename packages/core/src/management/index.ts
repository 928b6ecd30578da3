export * from './calendar';
export * from './retirement';
export * from './exit';
