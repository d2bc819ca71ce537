import { BASE62, generateLinkCode } from './link-code';

describe('generateLinkCode', () => {
  it('uses exactly the 62 letters and digits', () => {
    expect(BASE62).toHaveLength(62);
    expect(new Set(BASE62).size).toBe(62);
    expect(BASE62).toMatch(/^[0-9A-Za-z]+$/);
  });

  it.each([8, 10, 16])('makes base62 codes of length %i', (length) => {
    for (let index = 0; index < 200; index += 1) {
      expect(generateLinkCode(length)).toMatch(new RegExp(`^[0-9A-Za-z]{${length}}$`));
    }
  });

  it('defaults to at least 8 characters and does not repeat', () => {
    const codes = Array.from({ length: 5000 }, () => generateLinkCode());
    expect(codes[0].length).toBeGreaterThanOrEqual(8);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('draws every character of the alphabet (no bias towards a subset)', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateLinkCode()).join(''));
    expect(seen.size).toBe(62);
  });

  it('refuses lengths below 8', () => {
    expect(() => generateLinkCode(7)).toThrow();
  });
});
