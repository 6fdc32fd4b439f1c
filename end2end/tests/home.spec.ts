import { expect, test, type Page } from "@playwright/test";
import { watchForErrors } from "./support";

async function openHydrated(page: Page, path = "/") {
  await page.goto(path);
  // The app marks <body> once the wasm has taken over the server-rendered page.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("the home page loads, hydrates and shows the shop", async ({ page }) => {
  const errors = watchForErrors(page);
  await openHydrated(page);

  await expect(page).toHaveTitle("Amazone");
  await expect(page.getByRole("link", { name: "Amazone home" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Fresh food");
  await expect(page.getByRole("combobox", { name: "Search the catalogue" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Categories" }).getByRole("link")).toHaveCount(7);
  await expect(page.getByRole("link", { name: "Cart" }).first()).toBeVisible();
  // A fresh database is seeded at first start: every category shows how many products it holds.
  const cards = page.locator(".category-grid li");
  await expect(cards).toHaveCount(7);
  await expect(cards.filter({ hasText: "Books" })).toContainText(/\d+ products/);
  await expect(page.getByText("Our shelves are being stocked")).toHaveCount(0);
  await expect(page.getByRole("contentinfo")).toContainText("Pay on delivery");

  await page.screenshot({ path: "screenshots/home-desktop.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("the home page fits a phone screen", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openHydrated(page);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling on a phone").toBeLessThanOrEqual(0);
  await expect(page.getByRole("combobox", { name: "Search the catalogue" })).toBeVisible();
  await page.screenshot({ path: "screenshots/home-phone.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("the search box works from the keyboard alone", async ({ page }) => {
  await openHydrated(page);

  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Amazone home" })).toBeFocused();
  await page.keyboard.press("Tab");
  const search = page.getByRole("combobox", { name: "Search the catalogue" });
  await expect(search).toBeFocused();

  await page.keyboard.type("sourdough bread");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=sourdough\+bread$/);
});

test("the category navigation works from the keyboard alone, with visible focus", async ({ page }) => {
  await openHydrated(page);
  const books = page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Books" });

  for (let presses = 0; presses < 20 && !(await books.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(books).toBeFocused();
  const outline = await books.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline, "the focused link shows a focus ring").not.toBe("none");

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/c\/books$/);
});

test("the skip link takes keyboard users straight to the content", async ({ page }) => {
  await openHydrated(page);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("an unknown address shows a helpful 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/aisle");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
  await expect(page.getByRole("link", { name: "Back to the home page" })).toBeVisible();
});
