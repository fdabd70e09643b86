/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 3;
const STEP = 1.25;

/**
 * Zoom and scroll of the diagram: the drawing (`canvas`, in layout pixels) is scaled with a CSS transform
 * inside a sized `stage`, so the viewport's native scrollbars cover the zoomed drawing. Ctrl/Cmd + wheel
 * zooms around the pointer; fit shows the whole graph. Zoom and scroll survive new layouts (edits).
 */
export class ZoomController {
  zoom = 1;
  private size = { width: 1, height: 1 };
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly viewport: HTMLElement,
    private readonly stage: HTMLElement,
    private readonly canvas: HTMLElement,
  ) {
    viewport.addEventListener(
      'wheel',
      (event) => {
        if (!event.ctrlKey && !event.metaKey) return;
        event.preventDefault();
        const rect = viewport.getBoundingClientRect();
        this.zoomAt(
          this.zoom * Math.pow(STEP, -event.deltaY / 100),
          event.clientX - rect.left,
          event.clientY - rect.top,
        );
      },
      { passive: false },
    );
    viewport.addEventListener('scroll', () => this.changed());
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The drawing's size in layout pixels (a new layout). */
  setSize(width: number, height: number): void {
    this.size = { width: Math.max(width, 1), height: Math.max(height, 1) };
    this.apply();
  }

  zoomIn(): void {
    this.zoomAt(this.zoom * STEP, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  zoomOut(): void {
    this.zoomAt(this.zoom / STEP, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  reset(): void {
    this.zoomAt(1, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  /** The whole drawing in view (never magnified beyond 150%). */
  fit(): void {
    const zoom = Math.min(
      this.viewport.clientWidth / this.size.width,
      this.viewport.clientHeight / this.size.height,
      1.5,
    );
    this.zoom = clamp(zoom);
    this.apply();
    this.viewport.scrollLeft = 0;
    this.viewport.scrollTop = 0;
    this.changed();
  }

  /** Zooms keeping the layout point under (x, y) of the viewport where it is. */
  zoomAt(zoom: number, x: number, y: number): void {
    const next = clamp(zoom);
    const layoutX = (this.viewport.scrollLeft + x) / this.zoom;
    const layoutY = (this.viewport.scrollTop + y) / this.zoom;
    this.zoom = next;
    this.apply();
    this.viewport.scrollLeft = layoutX * next - x;
    this.viewport.scrollTop = layoutY * next - y;
    this.changed();
  }

  /** Scrolls so that the layout point is at the viewport's centre (the mini-map's clicks). */
  centerOn(layoutX: number, layoutY: number): void {
    this.viewport.scrollLeft = layoutX * this.zoom - this.viewport.clientWidth / 2;
    this.viewport.scrollTop = layoutY * this.zoom - this.viewport.clientHeight / 2;
  }

  /** The visible part of the drawing, in layout pixels. */
  visible(): { x: number; y: number; width: number; height: number } {
    return {
      x: this.viewport.scrollLeft / this.zoom,
      y: this.viewport.scrollTop / this.zoom,
      width: this.viewport.clientWidth / this.zoom,
      height: this.viewport.clientHeight / this.zoom,
    };
  }

  get scroll(): { left: number; top: number } {
    return { left: this.viewport.scrollLeft, top: this.viewport.scrollTop };
  }

  restore(zoom: number, left: number, top: number): void {
    this.zoom = clamp(zoom);
    this.apply();
    this.viewport.scrollLeft = left;
    this.viewport.scrollTop = top;
    this.changed();
  }

  private apply(): void {
    this.stage.style.width = `${this.size.width * this.zoom}px`;
    this.stage.style.height = `${this.size.height * this.zoom}px`;
    this.canvas.style.transform = `scale(${this.zoom})`;
    this.canvas.dataset.zoom = String(this.zoom);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function clamp(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Number.isFinite(zoom) ? zoom : 1));
}
