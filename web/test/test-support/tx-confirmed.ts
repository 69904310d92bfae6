import type { Page } from 'playwright-core';

/**
 * Waits until the page's transaction status labelled `label` says confirmed or failed; a failure
 * throws with what the page said and the wallet's last calls.
 */
export async function txConfirmed(page: Page, label: string, timeout = 60_000): Promise<void> {
  const status = page.locator('[data-tx]').filter({ hasText: label });
  await status.and(page.locator('[data-tx="confirmed"], [data-tx="failed"]')).waitFor({ timeout });
  const text = await status.textContent();
  if (!text?.includes('confirmed')) {
    const log = await page.evaluate(() =>
      JSON.stringify((window as { __walletLog?: unknown[] }).__walletLog?.slice(-6)),
    );
    throw new Error(`${text}\nlast wallet calls: ${log}`);
  }
}
