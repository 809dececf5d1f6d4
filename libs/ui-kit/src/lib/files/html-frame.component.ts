import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { DomSanitizer } from '@angular/platform-browser';

/**
 * An HTML file (the essay, a prototype page) rendered as it was built, inside a sandboxed frame: its scripts run
 * (interactive visuals) but in an opaque origin — `allow-scripts` without `allow-same-origin` — so nothing in it
 * can read the app, its storage or its tokens, navigate the page or open pop-ups.
 */
@Component({
  selector: 'esy-html-frame',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<iframe sandbox="allow-scripts" referrerpolicy="no-referrer" [title]="title()" [srcdoc]="document()" data-testid="html-frame"></iframe>`,
  styles: `
    :host {
      display: block;
    }
    iframe {
      display: block;
      width: 100%;
      height: var(--esy-frame-height, min(80vh, 60rem));
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-large);
      background: #fff;
    }
  `,
})
export class HtmlFrameComponent {
  readonly html = input.required<string>();
  readonly title = input('Document');
  // Trusting is safe here only because the frame is sandboxed without same-origin access (see above).
  private readonly sanitizer = inject(DomSanitizer);
  protected readonly document = computed(() => this.sanitizer.bypassSecurityTrustHtml(this.html()));
}
