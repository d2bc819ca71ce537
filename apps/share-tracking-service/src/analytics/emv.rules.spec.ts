import { EmvSettings, Network } from '@advocacy/contracts';
import { DEFAULT_EMV_SETTINGS, emvOf, EmvInput, roundMoney } from './emv.rules';

describe('emvOf with the default settings', () => {
  it.each<[Network, EmvInput, number]>([
    // 30 × 2000 / 1000 + 2.5 × (4 + 0.1 × 10) = 60 + 12.5
    ['linkedin', { impressions: 2000, uniqueClicks: 4, reactions: 10 }, 72.5],
    // 8 × 500 / 1000 + 1 × (3 + 0.1 × 0) = 4 + 3
    ['x', { impressions: 500, uniqueClicks: 3, reactions: 0 }, 7],
    // 10 × 0 + 1.2 × (0 + 0.1 × 5) = 0.6
    ['facebook', { impressions: 0, uniqueClicks: 0, reactions: 5 }, 0.6],
    // 12 × 1000 / 1000 + 1.5 × 2 = 15
    ['instagram', { impressions: 1000, uniqueClicks: 2, reactions: 0 }, 15],
    // 20 × 150 / 1000 + 2 × (1 + 0.1 × 3) = 3 + 2.6
    ['xing', { impressions: 150, uniqueClicks: 1, reactions: 3 }, 5.6],
    ['linkedin', { impressions: 0, uniqueClicks: 0, reactions: 0 }, 0],
  ])('%s %j → %d', (network, input, expected) => {
    expect(roundMoney(emvOf(DEFAULT_EMV_SETTINGS, network, input))).toBe(expected);
  });
});

describe('emvOf with tenant settings', () => {
  const settings: EmvSettings = {
    currency: 'USD',
    cpm: { linkedin: 10 },
    cpc: { x: 3 },
    reactionsMultiplier: 0.5,
  };
  it.each<[Network, EmvInput, number]>([
    ['linkedin', { impressions: 1000, uniqueClicks: 5, reactions: 4 }, 10],
    ['x', { impressions: 1000, uniqueClicks: 5, reactions: 4 }, 21],
    ['xing', { impressions: 1000, uniqueClicks: 5, reactions: 4 }, 0],
  ])('%s: missing prices count as 0', (network, input, expected) => {
    expect(emvOf(settings, network, input)).toBe(expected);
  });
});

describe('roundMoney', () => {
  it.each([
    [0.125, 0.13],
    [1.004, 1],
    [72.5, 72.5],
  ])('%d → %d', (value, expected) => expect(roundMoney(value)).toBe(expected));
});
