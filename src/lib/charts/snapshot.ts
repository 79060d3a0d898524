/**
 * A drawn chart as one standalone SVG: Plotly's layered <svg> elements (the plot, then its
 * labels and hover layer) nested in one, over the paper colour. Shown as an <img> on the next
 * visit, it paints before Plotly is loaded (an image runs no script and fetches nothing).
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export function chartSnapshot(el: HTMLElement): { svg: string; width: number } | null {
  const layers = [...el.querySelectorAll<SVGSVGElement>('.svg-container > svg.main-svg')];
  const width = Number(layers[0]?.getAttribute('width'));
  const height = Number(layers[0]?.getAttribute('height'));
  if (!layers.length || !(width > 0) || !(height > 0)) return null;
  const serializer = new XMLSerializer();
  // Plotly paints the paper colour as the first layer's CSS background, which a nested <svg> does not draw.
  const paper = layers[0].style.background || 'transparent';
  const inner = layers.map((l) => serializer.serializeToString(l)).join('');
  const svg = `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<rect width="100%" height="100%" style="fill: ${paper.replace(/[<>"&]/g, '')}"/>${inner}</svg>`;
  return { svg, width };
}
