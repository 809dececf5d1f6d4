import { ChangeDetectionStrategy, Component, effect, ElementRef, input, OnDestroy, viewChild } from '@angular/core';
import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { RoutingCostPoint } from '@esy/api-client';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

/** Cost per successful run by day for one template: what auto routing should push down while the pass rate holds. */
@Component({
  selector: 'adm-cost-per-success-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="wrap"><canvas #canvas role="img" [attr.aria-label]="label()"></canvas></div>`,
  styles: `
    .wrap {
      position: relative;
      height: 10rem;
    }
  `,
})
export class CostPerSuccessChartComponent implements OnDestroy {
  readonly points = input.required<RoutingCostPoint[]>();
  readonly name = input('');
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;

  protected label(): string {
    const last = [...this.points()].reverse().find((p) => p.cost_per_successful_run_usd !== null);
    return `Cost per successful run of ${this.name()} by day${last ? `, latest $${last.cost_per_successful_run_usd!.toFixed(4)}` : ''}`;
  }

  constructor() {
    effect(() => {
      const points = this.points();
      const data = {
        labels: points.map((p) => p.day.slice(5)),
        datasets: [{ label: 'USD per successful run', data: points.map((p) => p.cost_per_successful_run_usd), borderColor: '#3f6fd8', backgroundColor: '#3f6fd8', spanGaps: true, tension: 0.2 }],
      };
      if (this.chart) {
        this.chart.data = data;
        this.chart.update();
        return;
      }
      this.chart = new Chart(this.canvas().nativeElement, {
        type: 'line',
        data,
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { callback: (v) => `$${v}` } } } },
      });
    });
  }

  ngOnDestroy(): void {
    this.chart?.destroy();
  }
}
