import { signatureHeader, verifySignature } from './webhook.signature';

const secret = 'a-generic-webhook-secret-of-32-chars!';
const body = '{"moment":"hero"}';
const at = new Date('2026-12-01T10:00:00Z');

describe('webhook signatures', () => {
  const header = signatureHeader(secret, body, at);

  it('pins the format', () => {
    expect(header).toMatch(/^t=1796119200,v1=[0-9a-f]{64}$/);
  });

  it.each([
    ['as sent, at once', secret, body, header, at, true],
    ['4 minutes later', secret, body, header, new Date(at.getTime() + 240_000), true],
    ['6 minutes later: a replay', secret, body, header, new Date(at.getTime() + 360_000), false],
    ['another body', secret, '{"moment":"badge-milestone"}', header, at, false],
    ['another secret', 'another-secret-of-at-least-32-characters', body, header, at, false],
    ['the timestamp moved', secret, body, header.replace('t=1796119200', 't=1796119260'), at, false],
    ['no v1', secret, body, 't=1796119200', at, false],
  ])('%s', (_label, key, payload, candidate, now, expected) => {
    expect(verifySignature(key, payload, candidate, now)).toBe(expected);
  });
});
