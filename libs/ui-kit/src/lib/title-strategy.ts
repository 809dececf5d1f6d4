import { Injectable, InjectionToken, inject, Provider } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';

const TITLE_SUFFIX = new InjectionToken<string>('esy.title-suffix');

/** Route titles become "Page · Product"; a route without a title shows the product name alone. */
@Injectable()
class SuffixTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly suffix = inject(TITLE_SUFFIX);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot);
    this.title.setTitle(page ? `${page} · ${this.suffix}` : this.suffix);
  }
}

export function provideTitleSuffix(suffix: string): Provider[] {
  return [
    { provide: TITLE_SUFFIX, useValue: suffix },
    { provide: TitleStrategy, useClass: SuffixTitleStrategy },
  ];
}
