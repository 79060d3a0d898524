// The few Plotly calls liqmap makes; the cartesian dist build ships no types.
declare module 'plotly.js-cartesian-dist-min' {
  export type Datum = Record<string, unknown>;
  export interface PlotlyStatic {
    react(el: HTMLElement, data: Datum[], layout: Datum, config?: Datum): Promise<HTMLElement>;
    purge(el: HTMLElement): void;
    toImage(el: HTMLElement, opts: { format: 'png' | 'svg'; width?: number; height?: number; scale?: number }): Promise<string>;
    Plots: { resize(el: HTMLElement): void };
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
