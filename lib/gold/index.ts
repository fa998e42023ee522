export * from './rule';
export * from './summary';
