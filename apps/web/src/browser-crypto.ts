// Stands in for `node:crypto` when libs/contracts is bundled for the browser (see vite.config.ts).
export const randomUUID = (): string => globalThis.crypto.randomUUID();
