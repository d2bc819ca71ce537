import { ContentStatus } from '@advocacy/contracts';
import { isEditable, transition, WorkflowAction } from './workflow.rules';

describe('content workflow', () => {
  const legal: [ContentStatus, WorkflowAction, ContentStatus][] = [
    ['draft', 'submit', 'in_review'],
    ['in_review', 'approve', 'approved'],
    ['in_review', 'reject', 'draft'],
    ['approved', 'publish', 'published'],
    ['published', 'archive', 'archived'],
    ['draft', 'archive', 'archived'],
    ['approved', 'archive', 'archived'],
    ['published', 'expire', 'archived'],
  ];
  it.each(legal)('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, from, to });
  });

  const illegal: [ContentStatus, WorkflowAction][] = [
    ['draft', 'approve'],
    ['draft', 'publish'],
    ['draft', 'reject'],
    ['in_review', 'submit'],
    ['in_review', 'publish'],
    ['in_review', 'archive'],
    ['approved', 'approve'],
    ['approved', 'reject'],
    ['published', 'publish'],
    ['published', 'submit'],
    ['archived', 'archive'],
    ['archived', 'publish'],
    ['archived', 'submit'],
    ['approved', 'expire'],
    ['draft', 'expire'],
  ];
  it.each(illegal)('%s --%s--> refused', (from, action) => {
    expect(transition(from, action)).toEqual({ ok: false, from, action });
  });

  it.each([
    ['draft', true],
    ['in_review', true],
    ['approved', true],
    ['published', true],
    ['archived', false],
  ] as [ContentStatus, boolean][])('editable(%s) = %s', (status, expected) => {
    expect(isEditable(status)).toBe(expected);
  });
});
