export * from './infra';
export * from './service';
export * from './wait';
export * from './http';
export * from './kafka';
export * from './browser';
export * from './set-up';
export * from './events';
