export * from './events';
export * from './etl-run';
export * from './stream';
export * from './analytics';
export * from './validation';
export * from './dead-letter';
export * from './data-quality';
export * from './alert';
