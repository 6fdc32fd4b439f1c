import { expect, test, type Page } from "@playwright/test";
import { watchForErrors } from "./support";

// A customer of the original exports with past orders (every imported customer signs in with the demo password).
const SCOTT = "scotttaylor@gmail.com";

async function openHydrated(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

function shelf(page: Page) {
  return page.locator("section.recommended");
}

async function shelfNames(page: Page): Promise<string[]> {
  return shelf(page).locator(".product-card-name").allTextContents();
}

test("anonymous shoppers see the popular products, a signed-in customer their own picks", async ({ page }) => {
  const errors = watchForErrors(page);
  await openHydrated(page);
  await expect(shelf(page).getByRole("heading", { name: "Popular right now" })).toBeVisible();
  await expect(shelf(page).locator(".product-card")).toHaveCount(8);
  const popular = await shelfNames(page);

  await page.goto("/sign-in?next=/");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill(SCOTT);
  await page.getByLabel("Password").fill("amazone-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(shelf(page).getByRole("heading", { name: "Recommended for you" })).toBeVisible();
  await expect(shelf(page).locator(".product-card")).toHaveCount(8);
  expect(await shelfNames(page)).not.toEqual(popular);
  await page.screenshot({ path: "screenshots/home-recommended.png", fullPage: false });

  // A recommendation opens its product page.
  const first = shelf(page).locator(".product-card-name").first();
  const name = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(errors).toEqual([]);
});

test("buying a recommended product takes it off the customer's list", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/sign-in?next=/");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill("philipdavies@gmail.com");
  await page.getByLabel("Password").fill("amazone-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(shelf(page).getByRole("heading", { name: "Recommended for you" })).toBeVisible();
  const first = shelf(page).locator(".product-card-name").first();
  const bought = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(bought);

  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText(/Added|in your cart/i).first()).toBeVisible();
  await page.goto("/checkout");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f]{24}$/);

  // The list is refreshed in the background right after the order: it soon no longer holds the product.
  await expect
    .poll(async () => {
      await openHydrated(page);
      await expect(shelf(page).locator(".product-card")).toHaveCount(8);
      return shelfNames(page);
    }, { timeout: 15_000 })
    .not.toContain(bought);
  await expect(shelf(page).getByRole("heading", { name: "Recommended for you" })).toBeVisible();
  expect(errors).toEqual([]);
});
