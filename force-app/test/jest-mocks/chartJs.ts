/**
 * Jest stand-in for Chart.js (the LL_ChartJs static resource defines
 * window.Chart). Install with installChartMock(); every chart built is kept in
 * ChartMock.instances so tests can read the configuration it was given.
 */
export class ChartMock {
  /** Every chart constructed since the last reset, oldest first. */
  static instances: ChartMock[] = [];

  canvas: HTMLCanvasElement;
  config: { type: string; data: ChartMockData; options?: unknown };
  data: ChartMockData;
  update = jest.fn();
  destroy = jest.fn();

  constructor(canvas: HTMLCanvasElement, config: ChartMock['config']) {
    this.canvas = canvas;
    this.config = config;
    this.data = config.data;
    ChartMock.instances.push(this);
  }
}

/** The part of a Chart.js configuration the tests read. */
export interface ChartMockData {
  labels: string[];
  datasets: { label: string; type?: string; data: number[] }[];
}

type ChartWindow = Window & { Chart?: unknown };

/** Defines window.Chart as ChartMock and forgets earlier instances. */
export function installChartMock(): void {
  ChartMock.instances = [];
  (window as ChartWindow).Chart = ChartMock;
}

/** Removes window.Chart (as if the static resource defined nothing). */
export function removeChartMock(): void {
  ChartMock.instances = [];
  delete (window as ChartWindow).Chart;
}
