// The few Plotly calls liqmap makes; plotly.js-dist-min and its basic build ship no types.
declare module 'plotly.js-dist-min' {
  export type Datum = Record<string, unknown>;
  export interface PlotlyStatic {
    react(el: HTMLElement, data: Datum[], layout: Datum, config?: Datum): Promise<HTMLElement>;
    purge(el: HTMLElement): void;
    toImage(el: HTMLElement, opts: { format: 'png' | 'svg'; width?: number; height?: number }): Promise<string>;
    Plots: { resize(el: HTMLElement): void };
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}

declare module 'plotly.js-basic-dist-min' {
  import type { PlotlyStatic } from 'plotly.js-dist-min';
  const Plotly: PlotlyStatic;
  export default Plotly;
}
