import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local endpoint that records what it receives and answers 200. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/esy-events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test.describe('webhooks', () => {
  test('add a webhook from the account menu, copy its secret once, send a test event, see it delivered in the log', async ({ page, snap }) => {
    const receiver = await startReceiver();
    try {
      await registerThroughUi(page, newAccount('Webhook Owner'));
      await page.getByRole('button', { name: /Account menu/ }).click();
      await page.getByRole('menuitem', { name: 'Webhooks' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
      await expect(page.getByText('No webhooks')).toBeVisible();
      await snap(page, 'webhooks-empty', { phone: true });

      await page.getByRole('button', { name: 'Add webhook' }).first().click();
      // The form names what is wrong before anything is sent.
      await page.getByLabel('Endpoint URL').fill('ftp://example.com/hook');
      await page.getByRole('checkbox', { name: 'Run completed' }).uncheck();
      await page.getByRole('checkbox', { name: 'Run failed' }).uncheck();
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await expect(page.getByText('Enter a full http:// or https:// address.')).toBeVisible();
      await expect(page.getByText('Choose at least one event.')).toBeVisible();
      await snap(page, 'webhooks-form', { phone: true });

      await page.getByLabel('Endpoint URL').fill(receiver.url);
      await page.getByRole('checkbox', { name: 'Run completed' }).check();
      await page.getByLabel('Description (optional)').fill('Newsroom CMS');
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const secretBox = page.getByTestId('webhook-secret');
      await expect(secretBox).toContainText(/^whsec_/);
      const secret = ((await secretBox.textContent()) ?? '').trim();
      await snap(page, 'webhooks-created', { phone: true });
      await page.getByRole('button', { name: 'I have saved it' }).click();
      await expect(secretBox).toHaveCount(0);

      const hook = page.getByRole('listitem').filter({ hasText: receiver.url });
      await expect(hook).toContainText('Run completed');
      await expect(hook).toContainText('Newsroom CMS');
      await hook.getByRole('button', { name: 'Send test event' }).click();

      // The log opens and shows the delivery once the endpoint has answered.
      const row = hook.locator('tr[data-delivery="webhook_test"]');
      await expect(row).toHaveAttribute('data-status', 'succeeded');
      await expect(row).toContainText('Delivered');
      await expect(row).toContainText('200');
      await snap(page, 'webhooks-log', { phone: true, dark: true });

      // What arrived is signed with the secret the page showed once.
      expect(receiver.received).toHaveLength(1);
      const [{ headers, body }] = receiver.received;
      const [t, v1] = String(headers['esy-signature']).split(',').map((part) => part.split('=')[1]);
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
      expect(JSON.parse(body)).toMatchObject({ id: headers['esy-event-id'], type: 'webhook_test' });

      await hook.getByRole('button', { name: `Delete the webhook to ${receiver.url}` }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(page.getByRole('listitem').filter({ hasText: receiver.url })).toHaveCount(0);
    } finally {
      await receiver.close();
    }
  });
});
