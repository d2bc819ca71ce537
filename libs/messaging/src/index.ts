export * from './kafka';
export * from './producer';
export * from './outbox';
export * from './transport';
export * from './topics-admin';
export * from './messaging.module';
export * from './transient';
export * from './tenant-settings';
