import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { DomSanitizer } from '@angular/platform-browser';
import { fileKind } from './file-kind';
import { HtmlFrameComponent } from './html-frame.component';
import { MarkdownRenderer } from './markdown-renderer';

/**
 * The content of one workspace file as a reader wants it: markdown rendered and sanitised, an HTML page in a
 * sandboxed frame, an SVG drawing as an image, other text as is. The caller loads the text; this only shows it.
 */
@Component({
  selector: 'esy-file-content',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HtmlFrameComponent],
  template: `
    @switch (kind()) {
      @case ('markdown') {
        <article class="markdown" [innerHTML]="markdown()" data-testid="markdown-preview"></article>
      }
      @case ('html') {
        <esy-html-frame [html]="content()" [title]="path()" />
      }
      @case ('image') {
        <img class="image" [src]="image()" [alt]="path()" data-testid="image-preview" />
      }
      @case ('text') {
        <pre data-testid="text-preview">{{ content() }}</pre>
      }
      @default {
        <p class="none">There is no preview for this kind of file. Download it to open it on your computer.</p>
      }
    }
  `,
  styleUrl: './file-content.component.scss',
})
export class FileContentComponent {
  private readonly renderer = inject(MarkdownRenderer);
  private readonly sanitizer = inject(DomSanitizer);

  readonly path = input.required<string>();
  readonly contentType = input('');
  readonly content = input.required<string>();

  protected readonly kind = computed(() => fileKind(this.path(), this.contentType()));
  protected readonly markdown = signal('');
  // An <img> never runs the drawing's scripts, so an SVG data URL is safe to trust here.
  protected readonly image = computed(() =>
    this.kind() === 'image' ? this.sanitizer.bypassSecurityTrustUrl(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(this.content())}`) : '',
  );

  constructor() {
    effect(() => {
      if (this.kind() !== 'markdown') return;
      const text = this.content();
      this.markdown.set('');
      void this.renderer.render(text).then((html) => {
        if (this.content() === text) this.markdown.set(html);
      });
    });
  }
}
