/**
 * One Chart.js chart inside a `lwc:dom="manual"` container: draws it once,
 * updates its data when the figures change, and destroys it when the
 * container goes away. Chart.js comes from the LL_ChartJs static resource
 * (window.Chart). Used by llLoginTrend and llHistoryCard (one host per
 * chart), so the lifecycle is written once.
 */
import type { LightningElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import CHART_JS from '@salesforce/resourceUrl/LL_ChartJs';
import type { ChartConfiguration } from 'chart.js';

/**
 * Loads Chart.js (static resource LL_ChartJs) once per component. Call ensure() from
 * renderedCallback: it starts the load on the first render and tells when the
 * library is there, so each card draws the same way.
 */
export class ChartLibrary {
  private requested = false;
  private loaded = false;

  /** Whether Chart.js has loaded. */
  get ready(): boolean {
    return this.loaded;
  }

  /**
   * Starts the load on the first call; true once Chart.js is there.
   * @param component the component loading it (loadScript's owner)
   * @param onReady called once, when the load succeeds
   * @param onFailed called once, when it fails (show the table instead)
   */
  ensure(component: LightningElement, onReady: () => void, onFailed: () => void): boolean {
    if (this.loaded) return true;
    if (!this.requested) {
      this.requested = true;
      loadScript(component, CHART_JS)
        .then(() => {
          this.loaded = true;
          onReady();
        })
        .catch(() => onFailed());
    }
    return false;
  }
}

/** The part of a Chart.js chart used here. */
interface ChartInstance {
  data: ChartConfiguration['data'];
  update(): void;
  destroy(): void;
}

type ChartConstructor = new (
  canvas: HTMLCanvasElement,
  config: ChartConfiguration
) => ChartInstance;

/** What a draw did: 'failed' means the chart cannot be drawn (show the table). */
export type DrawOutcome = 'drawn' | 'waiting' | 'failed';

export class ChartHost {
  private chart: ChartInstance | null = null;
  private container: Element | null = null;
  private drawnFrom: unknown = null;

  /**
   * Draws or updates the chart in the container.
   * @param container the current container, null when not rendered
   * @param source the figures the config is built from (compared by identity)
   * @param config builds the configuration when a draw or update is needed
   */
  draw(container: Element | null, source: unknown, config: () => ChartConfiguration): DrawOutcome {
    if (!container || source === null) {
      this.destroy();
      return 'waiting';
    }
    const ChartJs = (window as unknown as { Chart?: ChartConstructor }).Chart;
    if (!ChartJs) {
      this.destroy();
      return 'failed';
    }
    if (this.chart && this.container === container) {
      if (this.drawnFrom !== source) {
        this.chart.data = config().data;
        this.chart.update();
        this.drawnFrom = source;
      }
      return 'drawn';
    }
    this.destroy();
    const canvas = document.createElement('canvas');
    container.appendChild(canvas);
    try {
      this.chart = new ChartJs(canvas, config());
      this.container = container;
      this.drawnFrom = source;
      return 'drawn';
    } catch {
      container.replaceChildren();
      return 'failed';
    }
  }

  /** Destroys the chart and empties its container. */
  destroy(): void {
    if (this.chart) this.chart.destroy();
    if (this.container) this.container.replaceChildren();
    this.chart = null;
    this.container = null;
    this.drawnFrom = null;
  }
}
