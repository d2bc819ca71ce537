import { Parser } from '@asyncapi/parser';
import { asyncApiDocument } from './asyncapi';
import { EVENT_SCHEMAS, EVENT_TOPIC } from './event-map';
import { TOPICS } from './topics';

describe('the AsyncAPI document', () => {
  it('validates with @asyncapi/parser without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    // severity 0 is an error, 1 a warning
    expect(
      diagnostics
        .filter((d) => Number(d.severity) <= 1)
        .map((d) => `${d.code} ${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
  });

  it('is checked for real: a channel without an address string fails validation', async () => {
    const broken = asyncApiDocument() as { channels: Record<string, { address: unknown }> };
    broken.channels.points.address = 42;
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.some((d) => Number(d.severity) === 0)).toBe(true);
  });

  it('has a channel per topic and its dead-letter topic, and a message per event type', async () => {
    const { document } = await new Parser().parse(JSON.stringify(asyncApiDocument('staging.')));
    const addresses = document!
      .channels()
      .all()
      .map((channel) => channel.address());
    for (const topic of Object.values(TOPICS)) {
      expect(addresses).toContain(`staging.${topic.name}`);
      expect(addresses).toContain(`staging.${topic.name}.dlq`);
    }
    const messages = document!
      .components()
      .messages()
      .all()
      .map((message) => message.name());
    expect(messages.sort()).toEqual(Object.keys(EVENT_SCHEMAS).sort());
    const points = document!
      .channels()
      .all()
      .find((channel) => channel.address() === 'staging.points.v1')!;
    expect(
      points
        .messages()
        .all()
        .map((message) => message.name())
        .sort(),
    ).toEqual(
      Object.entries(EVENT_TOPIC)
        .filter(([, topic]) => topic === TOPICS.points.name)
        .map(([type]) => type)
        .sort(),
    );
  });

  it('describes each payload from its zod schema and the traceparent header', () => {
    const document = asyncApiDocument() as any;
    const share = document.components.messages.ShareRecorded;
    expect(share.payload.properties.type).toEqual({ type: 'string', const: 'share.recorded' });
    expect(share.payload.properties.payload.required).toEqual(expect.arrayContaining(['shareId']));
    expect(share.payload.required).toEqual(expect.arrayContaining(['id', 'type', 'tenantId', 'payload']));
    expect(share.headers.properties).toHaveProperty('traceparent');
  });
});
