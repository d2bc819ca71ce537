import { z } from 'zod';
import { EmployeeId, Uuid } from '../common';

export const ContentSuggested = z.object({
  employeeId: EmployeeId,
  contentIds: z.array(Uuid).min(1).max(50),
  reason: z.string().min(1).max(500),
  day: z.iso.date(),
});
