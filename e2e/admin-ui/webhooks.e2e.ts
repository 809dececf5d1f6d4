import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signInAsAdmin } from '../support/admin-session';
import { registerViaApi } from '../support/api';
import { expect, newAccount, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

test.describe('webhooks in the admin console', () => {
  test('every user’s webhooks with their owner, and a webhook’s delivery log', async ({ page, stack, snap }) => {
    // An endpoint that refuses, so the log shows a failed attempt and its response code.
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.statusCode = 503;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/down`;
    try {
      const owner = newAccount('Hook Owner');
      const session = await registerViaApi(page.request, stack.apiUrl, owner);
      const created = await page.request.post(`${stack.apiUrl}/api/webhooks`, { headers: session.auth, data: { url, events: ['run_failed'], description: 'Ops pager' } });
      expect(created.status()).toBe(201);
      const hook = (await created.json()) as { id: string };
      expect((await page.request.post(`${stack.apiUrl}/api/webhooks/${hook.id}/test`, { headers: session.auth })).status()).toBe(202);

      await signInAsAdmin(page, stack);
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
      const row = page.locator(`tr[data-webhook="${url}"]`);
      await expect(row).toContainText(owner.email);
      await expect(row).toContainText('run_failed');
      await expect(row).toContainText('Ops pager');
      await row.getByRole('button', { name: 'Deliveries' }).click();
      const delivery = page.locator('tr[data-delivery="webhook_test"]');
      // The first attempt got 503: the log says so (and that it will be retried), with the response code.
      await expect(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await expect(delivery).toContainText('503', { timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await expect(delivery).toContainText(/Retrying|Failed/);
      await snap(page, 'webhooks', { phone: true });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
