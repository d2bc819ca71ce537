import { Module } from '@nestjs/common';
import { BoardController } from './board.controller';
import { BoardService } from './board.service';
import { BoardStore } from './board.store';

@Module({
  controllers: [BoardController],
  providers: [BoardService, BoardStore],
})
export class BoardModule {}
