import { ChangeDetectionStrategy, Component, effect, ElementRef, input, OnDestroy, viewChild } from '@angular/core';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { AnalyticsCostTrend } from '../data/admin-api';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const PALETTE = ['#3f6fd8', '#8a5cf6', '#1b9e77', '#d95f02', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#17becf'];

/** Daily spend stacked by model (chart.js, loaded with this page only). */
@Component({
  selector: 'adm-cost-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="wrap"><canvas #canvas role="img" [attr.aria-label]="label()"></canvas></div>`,
  styles: `
    .wrap {
      position: relative;
      height: 16rem;
    }
  `,
})
export class CostTrendChartComponent implements OnDestroy {
  readonly trend = input.required<AnalyticsCostTrend>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;

  protected label(): string {
    const t = this.trend();
    return `Cost per day from ${t.from.slice(0, 10)} to ${t.to.slice(0, 10)}, total $${t.total_cost_usd}`;
  }

  constructor() {
    effect(() => {
      const trend = this.trend();
      const days = trend.days.map((d) => d.day.slice(0, 10));
      const labels = days.map((day) => day.slice(5)); // MM-DD: the period is in the heading
      const models = [...new Set(trend.by_model.map((m) => m.model_id))];
      const datasets = models.map((model, i) => ({
        label: model,
        backgroundColor: PALETTE[i % PALETTE.length],
        data: days.map((day) => trend.by_model.filter((m) => m.model_id === model && m.day.slice(0, 10) === day).reduce((sum, m) => sum + Number(m.cost_usd), 0)),
      }));
      const text = getComputedStyle(document.documentElement).getPropertyValue('color') || '#444';
      this.chart?.destroy();
      this.chart = new Chart(this.canvas().nativeElement, {
        type: 'bar',
        data: { labels, datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            x: { stacked: true, ticks: { color: text } },
            y: { stacked: true, ticks: { color: text, callback: (v) => `$${Number(v).toFixed(2)}` } },
          },
          plugins: { legend: { position: 'bottom', labels: { color: text } }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: $${Number(c.raw).toFixed(4)}` } } },
        },
      });
    });
  }

  ngOnDestroy(): void {
    this.chart?.destroy();
  }
}
