import type { NavItem } from '@esy/ui-kit';

export const PRIMARY_NAV: readonly NavItem[] = [
  { label: 'Dashboard', icon: 'space_dashboard', link: '/', exact: true },
  { label: 'Workflows', icon: 'auto_awesome', link: '/workflows' },
  { label: 'Activity', icon: 'timeline', link: '/activity' },
  { label: 'Artifacts', icon: 'collections_bookmark', link: '/artifacts' },
  { label: 'Specs', icon: 'description', link: '/specs' },
];

export const SECONDARY_NAV: readonly NavItem[] = [{ label: 'API keys', icon: 'key', link: '/settings/api-keys' }];
