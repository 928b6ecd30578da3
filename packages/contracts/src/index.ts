export * from './permissions';
export * from './errors';
export * from './common';
export * from './auth';
export * from './org-units';
export * from './users';
export * from './dictionaries';
export * from './audit';
