import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

/** User management: roles, disable. */
@Component({
  selector: 'adm-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Users" lead="Who can sign in, with which role." />
      <esy-empty-state icon="group" title="No users listed" message="Accounts appear here; change a role or disable an account from this list." />
    </div>
  `,
})
export default class UsersPage {}
