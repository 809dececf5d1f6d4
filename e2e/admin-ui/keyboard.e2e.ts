import { signInAsAdmin } from '../support/admin-session';
import { expect, test } from '../support/fixtures';
import { expectFocusVisible, tabTo } from '../support/keyboard';

test.use({ app: 'admin-ui' });

/**
 * A dialog opened from the keyboard takes focus, keeps it inside while Tab and Shift+Tab cycle (focus trap),
 * closes on Escape and hands focus back to the button that opened it. The "Add a model" dialog stands for all
 * (they are Material dialogs with the same settings).
 */
test('the add-model dialog traps focus and returns it to its opener', async ({ page, stack, snap }) => {
  await signInAsAdmin(page, stack);
  await page.goto('/models');
  await expect(page.getByRole('button', { name: 'Add a model' })).toBeVisible();
  // The active nav row, focused: its outline must show on top of the highlight.
  await tabTo(page, page.locator('mat-sidenav').getByRole('link', { name: 'Models', exact: true }), 20);
  await snap(page, 'keyboard-focus-nav');
  const opener = page.getByRole('button', { name: 'Add a model' });
  await tabTo(page, opener, 80);
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const inDialog = () => dialog.evaluate((el) => el.contains(document.activeElement));
  await expect.poll(inDialog).toBe(true);

  // Twice round the dialog forwards, then backwards: focus never leaves it and is always visible.
  await snap(page, 'keyboard-dialog');
  const controls = await dialog.locator('input, select, textarea, button, [tabindex="0"], [role="combobox"]').count();
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < controls * 2 + 2; i++) {
      await page.keyboard.press(key);
      expect(await inDialog(), `${key} #${i + 1} left the dialog`).toBe(true);
      await expectFocusVisible(page);
    }
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});
