import { expect, test } from "@playwright/test";
import { signIn, watchForErrors } from "./support";

// Products of the original exports, which the store imports at its first start.
const AERIFIED = "/p/63b9be0e4838041b2f631c48"; // a book, £10.99
const GLAZED_DONUT = "/p/63b9be0e4838041b2f631c5d"; // fresh food, stocked in five stores


test("a book's page shows its details, price, rating and stock", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto(AERIFIED);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  await expect(page).toHaveTitle("Aerified | Amazone");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aerified");
  await expect(page.getByText("by Tú Motherwell")).toBeVisible();
  await expect(page.locator(".price")).toHaveText("£10.99");
  await expect(page.locator(".kind-fields")).toContainText("Lehner, Russel and Shanahan");
  await expect(page.getByText(/Rated \d\.\d out of 5 by \d+ customers?/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeVisible();
  await expect(page.getByLabel("Quantity")).toHaveValue("1");
  await page.screenshot({ path: "screenshots/product-book.png", fullPage: true });

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Books" }).click();
  await expect(page).toHaveURL(/\/c\/books$/);
  expect(errors).toEqual([]);
});

test("a fresh product's page lists the stock of each store with the best-before a shopper gets", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(GLAZED_DONUT);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glazed Donut");
  const stores = page.getByRole("heading", { name: "Stock in our stores" }).locator("..").getByRole("listitem");
  await expect(stores).toHaveCount(5);
  await expect(stores.first()).toContainText("in stock");

  // The best-before of what a shopper would get: never a date already past (dates are UTC days).
  const bestBefore = page.locator(".buy-box .best-before");
  await expect(bestBefore).toContainText(/^Best before \d{4}-\d{2}-\d{2}/);
  const date = await bestBefore.locator("time").getAttribute("datetime");
  expect(date! >= new Date().toISOString().slice(0, 10), `${date} is not past`).toBe(true);
  await expect(stores.first()).toContainText(/in stock, best before \d{4}-\d{2}-\d{2}/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling on a phone").toBeLessThanOrEqual(0);
  await page.screenshot({ path: "screenshots/product-fresh-phone.png", fullPage: true });
});

test("an unknown product answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/p/no-such-product");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
});

test("product pages rendered at the same moment each name their own page's scripts, once", async ({ page }) => {
  // A signed-in shopper's pages are rendered for every request (no page cache): 48 at once.
  await signIn(page, "traceymedina@gmail.com");
  const pages = await Promise.all(
    Array.from({ length: 48 }, (_, i) => page.request.get(i % 2 ? AERIFIED : GLAZED_DONUT).then((r) => r.text())),
  );
  for (const html of pages) {
    const count = (pattern: RegExp) => (html.match(pattern) ?? []).length;
    expect(count(/<title>/g)).toBe(1);
    // The lazy route's preload links, and the script that loads its chunks: once each, in this page.
    expect(count(/<link[^>]*__wasm_split\.[^>]*>/g)).toBe(1);
    expect(count(/split___product_route_view[^"]*\.wasm/g)).toBe(1);
  }
});
