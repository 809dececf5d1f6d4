// The shared page, as this app's lazy `**` route (a lazy import of the whole ui-kit barrel would defeat tree-shaking).
export { NotFoundPageComponent as default } from '@esy/ui-kit';
