export * from './auth-config';
export * from './token-verifier';
export * from './deactivated';
export * from './guard';
