export * from './id-number';
export * from './division-code';
export * from './password-policy';
export * from './standards';
export * from './random';
export * from './career/index';
