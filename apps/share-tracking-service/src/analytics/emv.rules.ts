import { EmvSettings, Network } from '@advocacy/contracts';

/**
 * Defaults in EUR, in the range of published paid-social benchmarks: what the same reach and clicks
 * would have cost as ads. Tenants adjust them with PUT /api/v1/analytics/emv.
 */
export const DEFAULT_EMV_SETTINGS: EmvSettings = {
  currency: 'EUR',
  cpm: { linkedin: 30, x: 8, facebook: 10, instagram: 12, xing: 20 },
  cpc: { linkedin: 2.5, x: 1, facebook: 1.2, instagram: 1.5, xing: 2 },
  reactionsMultiplier: 0.1,
};

export const EMV_FORMULA =
  'EMV = CPM × impressions / 1000 + CPC × (unique clicks + reactionsMultiplier × reactions), summed over networks';

export interface EmvInput {
  impressions: number;
  uniqueClicks: number;
  /** likes + comments + reshares */
  reactions: number;
}

/** Earned media value of one network's figures; a network without a price contributes nothing. */
export function emvOf(settings: EmvSettings, network: Network, input: EmvInput): number {
  const cpm = settings.cpm[network] ?? 0;
  const cpc = settings.cpc[network] ?? 0;
  return (
    (cpm * input.impressions) / 1000 +
    cpc * (input.uniqueClicks + settings.reactionsMultiplier * input.reactions)
  );
}

export const roundMoney = (value: number): number => Math.round(value * 100) / 100;
