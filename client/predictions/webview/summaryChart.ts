import type { Histogram, PreviewSummary } from '../../../protocol/outputPreview';
import { count } from './cellText';

/** A vertical line across a histogram: the job's threshold, or the one training chose. */
export interface ChartMark {
  value: number;
  label: string;
  kind: 'threshold' | 'training';
}

const WIDTH = 420;
const HEIGHT = 150;
const PAD = { left: 40, right: 12, top: 18, bottom: 28 };

/**
 * A histogram as SVG markup (the page inserts it; every text is escaped): one bar per bin, the value axis
 * under it, and marks drawn as labelled lines. Pure, so the tests read the same markup the page shows.
 */
export function histogramSvg(histogram: Histogram, marks: ChartMark[] = [], caption = histogram.of): string {
  const { edges, counts } = histogram;
  if (counts.length === 0) return `<p class="chart-empty">No values of ${escapeXml(histogram.of)} to plot.</p>`;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const span = hi - lo || 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(...counts, 1);
  const x = (value: number) => PAD.left + ((value - lo) / span) * plotW;
  const barW = plotW / counts.length;
  const bars = counts
    .map((n, i) => {
      const h = (n / max) * plotH;
      const from = fmt(edges[i]);
      const to = fmt(edges[i + 1] ?? hi);
      return (
        `<rect class="bar" x="${r(PAD.left + i * barW + 0.5)}" y="${r(PAD.top + plotH - h)}" width="${r(Math.max(barW - 1, 1))}" ` +
        `height="${r(h)}"><title>${escapeXml(`${from} to ${to}: ${count(n)} rows`)}</title></rect>`
      );
    })
    .join('');
  const axis =
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}"/>` +
    [lo, (lo + hi) / 2, hi]
      .map(
        (v, i) =>
          `<text class="tick" x="${r(x(v))}" y="${HEIGHT - 10}" text-anchor="${['start', 'middle', 'end'][i]}">${escapeXml(fmt(v))}</text>`,
      )
      .join('') +
    `<text class="tick" x="${PAD.left - 4}" y="${PAD.top + 4}" text-anchor="end">${escapeXml(count(max))}</text>` +
    `<text class="tick" x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end">0</text>`;
  const lines = marks
    .filter((m) => m.value >= lo && m.value <= hi)
    .map((m, i) => {
      const mx = r(x(m.value));
      const anchor = m.value > lo + span * 0.7 ? 'end' : 'start';
      const dx = anchor === 'end' ? -4 : 4;
      return (
        `<g class="mark ${m.kind}" data-value="${m.value}"><line x1="${mx}" y1="${PAD.top - 6}" x2="${mx}" y2="${PAD.top + plotH}"/>` +
        `<text x="${r(Number(mx) + dx)}" y="${PAD.top - 8 + i * 12}" text-anchor="${anchor}">${escapeXml(m.label)}</text></g>`
      );
    })
    .join('');
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" ` +
    `aria-label="${escapeXml(`Histogram of ${caption}`)}">${bars}${axis}${lines}</svg>`
  );
}

/** Horizontal bars of the predicted classes (multiclass), most frequent first. */
export function classBarsSvg(classes: { label: string; count: number }[], more: number): string {
  if (classes.length === 0) return '<p class="chart-empty">No predicted classes.</p>';
  const shown = classes.slice(0, 12);
  const rowH = 18;
  const labelW = 120;
  const plotW = WIDTH - labelW - 60;
  const max = Math.max(...shown.map((c) => c.count), 1);
  const rows = shown
    .map((c, i) => {
      const y = i * rowH + 4;
      const w = Math.max((c.count / max) * plotW, 1);
      return (
        `<text class="tick" x="${labelW - 6}" y="${y + 12}" text-anchor="end">${escapeXml(truncate(c.label, 18))}</text>` +
        `<rect class="bar" x="${labelW}" y="${y + 2}" width="${r(w)}" height="${rowH - 5}"><title>${escapeXml(`${c.label}: ${count(c.count)}`)}</title></rect>` +
        `<text class="tick" x="${r(labelW + w + 4)}" y="${y + 12}">${escapeXml(count(c.count))}</text>`
      );
    })
    .join('');
  const h = shown.length * rowH + 8 + (more + classes.length - shown.length > 0 ? 14 : 0);
  const rest = classes.length - shown.length + more;
  const note = rest > 0 ? `<text class="tick" x="${labelW}" y="${h - 2}">and ${count(rest)} more classes</text>` : '';
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}" role="img" aria-label="Predicted classes">${rows}${note}</svg>`;
}

/** The chart of a summary, with its marks. */
export function summaryChart(summary: PreviewSummary): string {
  switch (summary.kind) {
    case 'binary': {
      const marks: ChartMark[] = [];
      if (summary.threshold)
        marks.push({
          value: summary.threshold.value,
          label: `threshold ${fmt(summary.threshold.value)}${summary.threshold.source === 'output' ? ' (from the output)' : ''}`,
          kind: 'threshold',
        });
      if (summary.trainingThreshold !== undefined && summary.trainingThreshold !== summary.threshold?.value)
        marks.push({
          value: summary.trainingThreshold,
          label: `training ${fmt(summary.trainingThreshold)}`,
          kind: 'training',
        });
      return histogramSvg(summary.histogram, marks);
    }
    case 'regression':
      return histogramSvg(summary.histogram);
    case 'embeddings':
      return histogramSvg(summary.norms, [], 'embedding norms');
    case 'multiclass':
      return classBarsSvg(summary.classes, summary.more);
    default:
      return '';
  }
}

/** The facts beside the chart, as [label, value] pairs. */
export function summaryFacts(summary: PreviewSummary): [string, string][] {
  switch (summary.kind) {
    case 'binary': {
      const rows = summary.positive + summary.negative;
      const share = (n: number) => (rows > 0 ? ` (${((n / rows) * 100).toFixed(1)}%)` : '');
      return [
        ['rows', count(summary.rows)],
        ['predicted TRUE', `${count(summary.positive)}${share(summary.positive)}`],
        ['predicted FALSE', `${count(summary.negative)}${share(summary.negative)}`],
        ...(summary.threshold
          ? [
              [
                'threshold',
                `${fmt(summary.threshold.value)}${summary.threshold.source === 'output' ? ' (lowest TRUE score)' : ''}`,
              ] as [string, string],
            ]
          : []),
        ...(summary.trainingThreshold !== undefined
          ? [['training chose', fmt(summary.trainingThreshold)] as [string, string]]
          : []),
      ];
    }
    case 'regression':
      return [
        ['rows', count(summary.rows)],
        ['p10', fmt(summary.quantiles.p10)],
        ['median', fmt(summary.quantiles.p50)],
        ['p90', fmt(summary.quantiles.p90)],
      ];
    case 'multiclass':
      return [
        ['rows', count(summary.rows)],
        ['entities', count(summary.entities)],
        ['classes predicted', count(summary.classes.length + summary.more)],
      ];
    case 'embeddings':
      return [
        ['shape', `${count(summary.rows)} rows × ${count(summary.dims)} dims`],
        [
          'norms',
          summary.norms.counts.length ? `${fmt(summary.norms.edges[0])} to ${fmt(summary.norms.edges.at(-1)!)}` : '-',
        ],
      ];
    default:
      return [['rows', count(summary.rows)]];
  }
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function r(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
