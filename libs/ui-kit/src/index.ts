// Shared presentational pieces for user-ui and admin-ui.
export * from './lib/theme.service';
export * from './lib/theme-toggle.component';
export * from './lib/status-badge.component';
export * from './lib/empty-state.component';
export * from './lib/loading-state.component';
export * from './lib/error-state.component';
export * from './lib/page-header.component';
export * from './lib/provide-icons';
export * from './lib/title-strategy';
export * from './lib/files/file-kind';
export * from './lib/files/markdown-renderer';
export * from './lib/files/html-frame.component';
export * from './lib/files/file-content.component';
export * from './lib/delivery-log.component';
export * from './lib/not-found-page.component';
export * from './lib/save-file';
export * from './lib/loader';
