// Public entry of core: the domain types, taxonomy, windows, ids and configuration.

export * from './config.ts';
export * from './domain.ts';
export * from './ids.ts';
export * from './logger.ts';
export * from './number-words.ts';
export * from './policy.ts';
export * from './store.ts';
export * from './taxonomy.ts';
export * from './verdict-shape.ts';
export * from './windows.ts';
