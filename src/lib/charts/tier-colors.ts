/** Leverage tier colours, as the reference chart used them; other leverages get a neutral ramp. */
const TIER_COLORS: Record<number, string> = { 5: '#5dd3d3', 10: '#6ba3ff', 25: '#4a90e2', 50: '#ff9f40', 100: '#ff6384' };
const OTHERS = ['#b39ddb', '#c5e1a5', '#ffe082', '#80cbc4', '#f48fb1'];

export function tierColor(leverage: number): string {
  return TIER_COLORS[leverage] ?? OTHERS[Math.round(leverage) % OTHERS.length];
}
