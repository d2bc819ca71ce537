import { GenericWebhookBody, WebhookFlavor, WebhookMoment } from '@advocacy/contracts';

/** A programme moment as the chat channels see it. */
export interface Moment {
  /** Stable per (webhook, moment, source): receivers may dedupe by it. */
  id: string;
  moment: WebhookMoment;
  tenantId: string;
  occurredAt: string;
  title: string;
  text: string;
  data: Record<string, unknown>;
}

/**
 * The JSON each receiver expects: Slack incoming webhooks take `text` (+ blocks), Teams Workflows
 * webhooks take a message with an Adaptive Card attachment, generic receivers get our own body.
 */
export function webhookBody(flavor: WebhookFlavor, moment: Moment): unknown {
  switch (flavor) {
    case 'slack':
      return {
        text: `${moment.title}\n${moment.text}`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: moment.title.slice(0, 150) } },
          { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(moment.text) } },
        ],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: moment.title, weight: 'Bolder', size: 'Medium', wrap: true },
                { type: 'TextBlock', text: moment.text, wrap: true },
              ],
            },
          },
        ],
      };
    case 'generic': {
      const body: GenericWebhookBody = {
        id: moment.id,
        moment: moment.moment,
        tenantId: moment.tenantId,
        occurredAt: moment.occurredAt,
        text: `${moment.title}: ${moment.text}`,
        data: moment.data,
      };
      return body;
    }
  }
}

/** Slack treats &, < and > as control characters in mrkdwn. */
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
