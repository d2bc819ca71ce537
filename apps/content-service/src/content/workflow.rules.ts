import { ContentStatus } from '@advocacy/contracts';

export type WorkflowAction = 'submit' | 'approve' | 'reject' | 'publish' | 'archive' | 'expire';

/** Which status each action leads to, from which statuses. Anything else is an illegal transition. */
const TRANSITIONS: Record<WorkflowAction, { from: readonly ContentStatus[]; to: ContentStatus }> = {
  submit: { from: ['draft'], to: 'in_review' },
  approve: { from: ['in_review'], to: 'approved' },
  // A rejected item goes back to its author as a draft, carrying the reviewer's comment.
  reject: { from: ['in_review'], to: 'draft' },
  publish: { from: ['approved'], to: 'published' },
  archive: { from: ['draft', 'approved', 'published'], to: 'archived' },
  expire: { from: ['published'], to: 'archived' },
};

export type TransitionResult =
  | { ok: true; from: ContentStatus; to: ContentStatus }
  | { ok: false; from: ContentStatus; action: WorkflowAction };

export function transition(from: ContentStatus, action: WorkflowAction): TransitionResult {
  const rule = TRANSITIONS[action];
  return rule.from.includes(from) ? { ok: true, from, to: rule.to } : { ok: false, from, action };
}

/** Content can be edited until it is archived; edits of published content are announced. */
export const isEditable = (status: ContentStatus): boolean => status !== 'archived';
