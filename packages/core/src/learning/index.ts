export * from './progress';
export * from './quiz';
