import { messagingTablesSql } from '@advocacy/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764201600000 implements MigrationInterface {
  name = 'Init1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of messagingTablesSql('notification')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS notification.inbox, notification.outbox');
  }
}
