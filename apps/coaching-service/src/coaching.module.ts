import { Module } from '@nestjs/common';
import { AssignmentController } from './assignments/assignment.controller';
import { AssignmentRepository } from './assignments/assignment.repository';
import { AssignmentService } from './assignments/assignment.service';
import { CoachController } from './coaches/coach.controller';
import { CoachRepository } from './coaches/coach.repository';
import { CoachService } from './coaches/coach.service';
import { ChallengeController } from './challenges/challenge.controller';
import { ChallengeCloseService } from './challenges/challenge-close.service';
import { ChallengeCloseRepository, ChallengeRepository } from './challenges/challenge.repository';
import { ChallengeService } from './challenges/challenge.service';
import { ConsoleController } from './console/console.controller';
import { HeroController } from './heroes/hero.controller';
import { HeroRepository } from './heroes/hero.repository';
import { HeroService } from './heroes/hero.service';
import { InvitationController, InvitationProgrammeController } from './invitations/invitation.controller';
import { InvitationRepository } from './invitations/invitation.repository';
import { InvitationService } from './invitations/invitation.service';
import { MenteeController } from './mentees/mentee.controller';
import { MenteeRepository } from './mentees/mentee.repository';
import { MenteeService } from './mentees/mentee.service';
import { ProgrammeController } from './programme/programme.controller';
import { SpreadRepository } from './programme/spread.repository';
import { SpreadService } from './programme/spread.service';
import { ProjectionConsumer } from './projections/projection.consumer';
import { ProjectionRepository } from './projections/projection.repository';
import { ProjectionService } from './projections/projection.service';
import { InactivityRepository } from './reactivation/inactivity.repository';
import { JobsScheduler } from './reactivation/jobs.scheduler';
import { ReactivationService } from './reactivation/reactivation.service';
import { SettingsController } from './settings/settings.controller';
import { SettingsRepository } from './settings/settings.repository';

@Module({
  controllers: [
    CoachController,
    AssignmentController,
    HeroController,
    MenteeController,
    SettingsController,
    ConsoleController,
    ChallengeController,
    InvitationController,
    InvitationProgrammeController,
    ProgrammeController,
    ProjectionConsumer,
  ],
  providers: [
    AssignmentRepository,
    AssignmentService,
    CoachRepository,
    CoachService,
    ChallengeRepository,
    ChallengeService,
    ChallengeCloseRepository,
    ChallengeCloseService,
    HeroRepository,
    HeroService,
    InvitationRepository,
    InvitationService,
    MenteeRepository,
    MenteeService,
    ProjectionRepository,
    ProjectionService,
    InactivityRepository,
    ReactivationService,
    JobsScheduler,
    SettingsRepository,
    SpreadRepository,
    SpreadService,
  ],
  exports: [AssignmentService, ReactivationService, HeroService, ChallengeCloseService],
})
export class CoachingModule {}
