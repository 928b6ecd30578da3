export * from './schedule';
export * from './finance';
export * from './complaints';
