export * from './app-module';
export * from './bootstrap';
export * from './service-infrastructure';
export * from './job-scheduler';
