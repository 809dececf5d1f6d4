import { EnvironmentProviders, inject, provideEnvironmentInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';

/**
 * <mat-icon>name</mat-icon> renders with the Material Symbols (outlined) font shipped from npm
 * (@fontsource/material-symbols-outlined, declared in libs/ui-kit/styles/_foundation.scss) — no icon CDN.
 */
export function provideMaterialSymbols(): EnvironmentProviders {
  return provideEnvironmentInitializer(() => {
    inject(MatIconRegistry).setDefaultFontSetClass('material-symbols-outlined');
  });
}
