import { expect, test, type Page } from "@playwright/test";
import { ADMIN, GLAZED_DONUT, donutsInStores, expectDonutsInStores, signInAsAdmin, watchForErrors } from "./support";

// playwright.config.ts starts the store with AMAZONE_CART_LIFETIME=8s, so that a cart goes stale within the test.
const CART_LIFETIME_MS = 8_000;

async function expireStaleCarts(admin: Page) {
  const card = admin.locator('[data-job="expire-carts"]');
  await card.getByRole("button", { name: "Run now" }).click();
  return card.locator(".last-run");
}

test("a visitor who is not an admin gets the 403 page", async ({ page }) => {
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
});

test("an admin expires stale carts, sees the result, and the product page shows the stock back", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signInAsAdmin(browser);
  const errors = watchForErrors(admin);
  // First clear the carts the sample data starts with, so that the next run is about this test's cart alone.
  const lastRun = await expireStaleCarts(admin);
  await expect(lastRun).toContainText("Succeeded");
  await expect(lastRun).toContainText(/expired, \d+ units? returned to stock/);

  const shopper = await (await browser.newContext()).newPage();
  await shopper.goto(GLAZED_DONUT);
  await expect(shopper.locator("body")).toHaveAttribute("data-hydrated", "true");
  const before = await donutsInStores(shopper);
  await shopper.getByLabel("Quantity").fill("2");
  await shopper.getByRole("button", { name: "Add to cart" }).click();
  await expect(shopper.getByRole("status")).toContainText("Your cart holds 2 items");
  await expectDonutsInStores(shopper, before - 2);

  // The shopper walks away; once the cart outlives its lifetime the dashboard counts it as stale.
  await shopper.waitForTimeout(CART_LIFETIME_MS + 1_000);
  await admin.reload();
  await expect(admin.locator('[data-stat="stale-carts"]')).toHaveText("1");
  await admin.screenshot({ path: "screenshots/admin.png", fullPage: true });
  const result = await expireStaleCarts(admin);
  await expect(result).toContainText("1 cart expired, 2 units returned to stock");
  await expect(admin.locator('[data-stat="stale-carts"]')).toHaveText("0");
  await expect(admin.locator(".run-history tbody tr").first()).toContainText(`by ${ADMIN.email}`);

  await expectDonutsInStores(shopper, before);
  await shopper.goto("/cart");
  await expect(shopper.getByText("Your cart is empty")).toBeVisible();
  expect(errors).toEqual([]);
});

test("an admin writes off expired food and sees the waste by store", async ({ browser }) => {
  const admin = await signInAsAdmin(browser);
  const errors = watchForErrors(admin);
  await expect(admin.getByRole("heading", { name: "Food waste by store" })).toBeVisible();
  const card = admin.locator('[data-job="write-off-expired"]');
  await expect(card).toContainText("Write off expired food");
  await card.getByRole("button", { name: "Run now" }).click();
  // The sample stock is dated from the day it was imported: nothing is past its date yet.
  await expect(card.locator(".last-run")).toContainText("Succeeded");
  await expect(card.locator(".last-run")).toContainText("0 units past best-before written off at 0 stores");
  await expect(admin.locator(".food-waste")).toContainText("none on the shelves is past its date");
  expect(errors).toEqual([]);
});
