import { outboxTraceparentMigration } from '@advocacy/messaging';

export const OutboxTraceparent1764950000000 = outboxTraceparentMigration('notification');
