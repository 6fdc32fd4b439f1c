import { expect, test } from "@playwright/test";
import { watchForErrors } from "./support";

test("a shopper filters a category, opens a product, and goes back with the filters kept", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/c/books");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Books");

  await page.getByLabel("Lowest price").fill("5");
  await page.getByLabel("Highest price").fill("20");
  await page.getByLabel("Sort by").selectOption("price_asc");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/price_min=5/);
  await expect(page).toHaveURL(/sort=price_asc/);

  // The address changes before the new listing has streamed in: wait for the filtered cards, not the URL alone.
  const inRange = (texts: string[]) =>
    texts.length > 0 && texts.map((p) => Number(p.replace("£", ""))).every((v) => v >= 5 && v <= 20);
  await expect.poll(async () => inRange(await page.locator(".product-card-price").allTextContents())).toBe(true);
  const prices = await page.locator(".product-card-price").allTextContents();
  expect(prices.length).toBeGreaterThan(0);
  const values = prices.map((p) => Number(p.replace("£", "")));
  expect(values.every((v) => v >= 5 && v <= 20)).toBe(true);
  expect([...values].sort((a, b) => a - b)).toEqual(values);
  await page.screenshot({ path: "screenshots/category-books.png", fullPage: true });

  const first = page.locator(".product-card a").first();
  const name = (await first.locator(".product-card-name").textContent()) ?? "";
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.goBack();
  await expect(page).toHaveURL(/price_min=5.*sort=price_asc|sort=price_asc.*price_min=5/);
  await expect(page.getByLabel("Lowest price")).toHaveValue("5.00");
  expect(errors).toEqual([]);
});

test("the listing's pages are real links", async ({ page }) => {
  await page.goto("/c/books");
  const next = page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next ›" });
  await next.click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator("[aria-current=page]")).toHaveText("2");
});
