import { Moment, webhookBody } from './webhook.payloads';

const moment: Moment = {
  id: 'abc',
  moment: 'hero',
  tenantId: 'acme',
  occurredAt: '2026-12-01T10:00:00.000Z',
  title: 'New HERO: Alice',
  text: 'Top 10% of <week> 2026-W48',
  data: { employeeId: 'alice' },
};

describe('webhookBody', () => {
  it('slack: text and blocks, mrkdwn escaped', () => {
    expect(webhookBody('slack', moment)).toEqual({
      text: 'New HERO: Alice\nTop 10% of <week> 2026-W48',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'New HERO: Alice' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Top 10% of &lt;week&gt; 2026-W48' } },
      ],
    });
  });

  it('teams: an Adaptive Card message', () => {
    const body = webhookBody('teams', moment) as {
      type: string;
      attachments: { contentType: string; content: { type: string; body: { text: string }[] } }[];
    };
    expect(body.type).toBe('message');
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0].content.type).toBe('AdaptiveCard');
    expect(body.attachments[0].content.body.map((block) => block.text)).toEqual([
      'New HERO: Alice',
      'Top 10% of <week> 2026-W48',
    ]);
  });

  it('generic: our own body', () => {
    expect(webhookBody('generic', moment)).toEqual({
      id: 'abc',
      moment: 'hero',
      tenantId: 'acme',
      occurredAt: '2026-12-01T10:00:00.000Z',
      text: 'New HERO: Alice: Top 10% of <week> 2026-W48',
      data: { employeeId: 'alice' },
    });
  });
});
