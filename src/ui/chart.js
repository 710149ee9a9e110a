// The results' live chart: uPlot (npm), bundled by esbuild into www/chart.js (with its CSS in
// www/chart.css), which the page loads the first time it draws a chart. The wasm side picks
// the columns and lines the rows up (src/ui/chart.rs); this only draws.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const HEIGHT = 220;
// Distinguishable on light and dark backgrounds.
const PALETTE = ['#2f6fde', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0c8599', '#e67700', '#5c940d', '#862e9c', '#364fc7'];

// One chart per element: made again when its columns or series change, otherwise given the
// new data (uPlot redraws only what it must).
const charts = new WeakMap();

// `spec` is JSON: { x, y, series: [label, …], data: [[x seconds, …], [y or null, …] per series],
// height (pixels, optional), clock (optional: label times as HH:MM:SS, for charts of seconds) }.
export function draw(element, spec) {
  const { x, y, series, data, height = HEIGHT, clock = false } = JSON.parse(spec);
  const shape = JSON.stringify([x, y, series, height, clock]);
  let chart = charts.get(element);
  if (!chart || chart.shape !== shape) {
    chart?.plot.destroy();
    chart?.observer.disconnect();
    const plot = new uPlot(options(element, x, y, series, height, clock), data, element);
    // The chart follows its element's width (the pane is resizable, the screen may be narrow).
    const observer = new ResizeObserver(() => plot.setSize({ width: width(element), height }));
    observer.observe(element);
    chart = { plot, shape, observer };
    charts.set(element, chart);
  } else {
    chart.plot.setData(data);
  }
  element.dataset.points = String(data[0].length);
  element.dataset.series = String(series.length);
}

function width(element) {
  return Math.max(160, element.clientWidth);
}

function options(element, x, y, series, height, clock) {
  // The page's text colour, so the axes read in the light and the dark theme.
  const ink = getComputedStyle(element).color;
  const grid = { stroke: 'rgba(128, 128, 128, 0.2)', width: 1 };
  const axis = { stroke: ink, grid, ticks: grid };
  return {
    width: width(element),
    height,
    // Times as the results table shows them: UTC.
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    // One time alone gets a minute either side (uPlot would span years after it).
    scales: { x: { time: true, range: (u, min, max) => (u.data[0].length === 1 ? [min - 60, min + 60] : [min, max]) } },
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    series: [
      { label: x, value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' },
      ...series.map((label, i) => ({
        label,
        stroke: PALETTE[i % PALETTE.length],
        width: 1.5,
        spanGaps: true,
        points: { size: 4 },
      })),
    ],
    // A chart of seconds (the application's metrics) labels its times HH:MM:SS, UTC, which a
    // narrow chart fits; uPlot's own labels add the date.
    axes: [clock ? { ...axis, values: (u, splits) => splits.map((s) => new Date(s * 1000).toISOString().slice(11, 19)) } : axis,
      { ...axis, label: y, size: 60 }],
  };
}
