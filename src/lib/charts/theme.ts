/** The charts' dark theme and phone width, shared by the Plotly and the canvas renderer. */
export const THEME = {
  paper: '#0f1218',
  text: '#d6dae3',
  /** Secondary text (the export caption's second line): the page's --muted. */
  muted: '#8b93a5',
  grid: '#1f2633',
  hoverBg: '#1b2130',
  hoverBorder: '#3a4357',
  hoverText: '#e6e9ef',
  priceLine: '#f5f5f5',
  /** Notes on a picture (the synthetic-data label): the synthetic badge's colour. */
  note: '#ffd36b',
  font: 'system-ui, sans-serif',
} as const;

/** Narrower than this (CSS px), a chart takes its phone layout: narrower margins, no drag-zoom. */
export const NARROW_PX = 600;

/** A chart element narrower than the phone width (and laid out: 0 is not yet): the phone layout. */
export const isNarrow = (el: HTMLElement): boolean => el.clientWidth > 0 && el.clientWidth < NARROW_PX;
