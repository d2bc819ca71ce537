import { AdvocateProfile } from '@advocacy/contracts';
import { Advocate } from './advocates.repository';

export function toProfile(advocate: Advocate): AdvocateProfile {
  return {
    employeeId: advocate.employeeId,
    displayName: advocate.displayName,
    teamId: advocate.teamId,
    managerId: advocate.managerId,
    language: advocate.language,
    topics: advocate.topics,
    role: advocate.role,
    followers: advocate.followers,
    active: advocate.active,
    managed: advocate.managed,
    updatedAt: advocate.updatedAt.toISOString(),
  };
}
