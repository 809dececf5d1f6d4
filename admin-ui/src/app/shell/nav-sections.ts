import type { NavSection } from '@esy/ui-kit';

/** The console's navigation, grouped by what an operator or creator is doing. */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    title: 'Operate',
    items: [
      { label: 'Dashboard', icon: 'monitoring', link: '/', exact: true },
      { label: 'Runs', icon: 'manage_search', link: '/runs' },
      { label: 'System health', icon: 'health_metrics', link: '/health' },
    ],
  },
  {
    title: 'Build',
    items: [
      { label: 'Templates', icon: 'account_tree', link: '/templates' },
      { label: 'Agents', icon: 'smart_toy', link: '/agents' },
      { label: 'Models', icon: 'memory', link: '/models' },
      { label: 'Experiments', icon: 'science', link: '/experiments' },
      { label: 'Routing', icon: 'alt_route', link: '/routing' },
    ],
  },
  {
    title: 'Administer',
    items: [
      { label: 'Users', icon: 'group', link: '/users' },
      { label: 'Usage', icon: 'query_stats', link: '/usage' },
      { label: 'Settings', icon: 'settings', link: '/settings' },
      { label: 'Audit log', icon: 'policy', link: '/audit' },
      { label: 'Webhooks', icon: 'webhook', link: '/webhooks' },
    ],
  },
];
