/// <reference lib="dom" />
import type { DiagramLayout } from '../layout/diagramLayout';
import type { ZoomController } from './zoomController';

/** Graphs with more tables than this get a mini-map. */
export const MINI_MAP_TABLES = 15;
const WIDTH = 200;
const HEIGHT = 140;

/**
 * The mini-map of a big graph: every table as a small box, the visible part as a frame; a click or a drag
 * moves the view there.
 */
export class MiniMap {
  private layout?: DiagramLayout;
  private scale = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly zoom: ZoomController,
  ) {
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    let dragging = false;
    const move = (event: PointerEvent) => {
      const rect = canvas.getBoundingClientRect();
      this.zoom.centerOn((event.clientX - rect.left) / this.scale, (event.clientY - rect.top) / this.scale);
    };
    canvas.addEventListener('pointerdown', (event) => {
      dragging = true;
      canvas.setPointerCapture(event.pointerId);
      move(event);
    });
    canvas.addEventListener('pointermove', (event) => dragging && move(event));
    canvas.addEventListener('pointerup', () => (dragging = false));
    zoom.onDidChange(() => this.draw());
  }

  show(layout: DiagramLayout, tableCount: number, problems: Map<string, string>): void {
    this.layout = layout;
    this.problems = problems;
    this.canvas.hidden = tableCount <= MINI_MAP_TABLES;
    this.scale = Math.min(WIDTH / Math.max(layout.width, 1), HEIGHT / Math.max(layout.height, 1));
    this.canvas.style.width = `${Math.ceil(layout.width * this.scale)}px`;
    this.canvas.style.height = `${Math.ceil(layout.height * this.scale)}px`;
    this.draw();
  }

  private problems = new Map<string, string>();

  private draw(): void {
    const layout = this.layout;
    const ctx = this.canvas.getContext('2d');
    if (!layout || !ctx || this.canvas.hidden) return;
    const style = getComputedStyle(document.body);
    const colour = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    for (const [name, box] of layout.tables) {
      const severity = this.problems.get(name);
      ctx.fillStyle =
        severity === 'error'
          ? colour('--vscode-editorError-foreground', '#e51400')
          : severity === 'warning'
            ? colour('--vscode-editorWarning-foreground', '#bf8803')
            : colour('--vscode-foreground', '#888');
      ctx.globalAlpha = severity ? 0.9 : 0.45;
      ctx.fillRect(
        box.x * this.scale,
        box.y * this.scale,
        Math.max(box.width * this.scale, 1),
        Math.max(box.height * this.scale, 1),
      );
    }
    ctx.globalAlpha = 1;
    const view = this.zoom.visible();
    ctx.strokeStyle = colour('--vscode-focusBorder', '#007fd4');
    ctx.lineWidth = 1.5;
    ctx.strokeRect(view.x * this.scale, view.y * this.scale, view.width * this.scale, view.height * this.scale);
  }
}
