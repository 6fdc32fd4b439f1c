import { expect, test, type Page } from "@playwright/test";
import { watchForErrors } from "./support";

async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("a shopper searches, narrows to a category, opens a product and goes back with the search kept", async ({ page }) => {
  const errors = watchForErrors(page);
  await open(page, "/");
  const box = page.getByRole("combobox", { name: "Search the catalogue" });
  await box.fill("apple");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=apple$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “apple”");
  await expect(box).toHaveValue("apple");

  const category = page.getByLabel("Category");
  await expect(category.locator("option", { hasText: /^Mobile Phones \(\d+\)$/ })).toHaveCount(1);
  await category.selectOption("mobile-phones");
  await page.getByLabel("Sort by").selectOption("price_asc");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/category=mobile-phones/);
  await expect(page).toHaveURL(/sort=price_asc/);
  const prices = (await page.locator(".product-card-price").allTextContents()).map((p) => Number(p.replace("£", "")));
  expect(prices.length).toBeGreaterThan(0);
  expect([...prices].sort((a, b) => a - b)).toEqual(prices);
  await page.screenshot({ path: "screenshots/search-results.png", fullPage: true });

  const first = page.locator(".product-card a").first();
  const name = (await first.locator(".product-card-name").textContent()) ?? "";
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.locator(".breadcrumbs")).toContainText("Mobile Phones");
  await page.goBack();
  await expect(page).toHaveURL(/q=apple.*category=mobile-phones.*sort=price_asc/);
  await expect(page.getByLabel("Category")).toHaveValue("mobile-phones");
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(errors).toEqual([]);
});

test("suggestions appear while typing and the keyboard picks one", async ({ page }) => {
  const errors = watchForErrors(page);
  await open(page, "/");
  const box = page.getByRole("combobox", { name: "Search the catalogue" });
  await box.pressSequentially("app", { delay: 40 });
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const options = list.getByRole("option");
  expect(await options.count()).toBeGreaterThan(0);
  for (const text of await options.locator(".suggestion-name").allTextContents()) {
    expect(text.toLowerCase().startsWith("app")).toBe(true);
  }

  await box.press("ArrowDown");
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", "suggestion-1");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await page.screenshot({ path: "screenshots/search-suggestions.png" });
  const chosen = (await options.nth(1).locator(".suggestion-name").textContent()) ?? "";
  await box.press("Enter");
  await expect(page).toHaveURL(/\/p\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(chosen);

  // Escape closes the list and leaves the text.
  await box.fill("");
  await box.pressSequentially("app", { delay: 40 });
  await expect(list).toBeVisible();
  await box.press("Escape");
  await expect(list).toBeHidden();
  await expect(box).toHaveValue("app");
  expect(errors).toEqual([]);
});

test("a search that finds nothing says so and offers categories and popular products", async ({ page }) => {
  const errors = watchForErrors(page);
  await open(page, "/search?q=qwxzvbn");
  await expect(page.getByRole("heading", { name: "Nothing found for “qwxzvbn”" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("0 products");
  const popular = page.getByRole("region", { name: "Popular right now" });
  await expect(popular.locator(".product-card")).toHaveCount(8);
  await page.screenshot({ path: "screenshots/search-nothing-found.png", fullPage: true });
  await page.getByRole("region", { name: "Browse a category" }).getByRole("link", { name: "Bakery" }).click();
  await expect(page).toHaveURL(/\/c\/bakery$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bakery");
  expect(errors).toEqual([]);
});

test("hostile search text is shown as text", async ({ page }) => {
  const errors = watchForErrors(page);
  await open(page, "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%20%7B%22%24gt%22%3A%22%22%7D");
  await expect(page.getByRole("heading", { level: 1 })).toContainText('<script>alert(1)</script> {"$gt":""}');
  await expect(page.getByRole("heading", { name: /Nothing found/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test("keyboard only: search, then tab through the filters to a result and open it", async ({ page }) => {
  await open(page, "/");
  const box = page.getByRole("combobox", { name: "Search the catalogue" });
  await page.getByRole("link", { name: "Amazone home" }).focus();
  await page.keyboard.press("Tab");
  await expect(box).toBeFocused();
  // The focus is visible: the box gets an outline of its own.
  expect(await box.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
  await page.keyboard.type("juice");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=juice$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “juice”");

  // Tab from the search box through the filters to the first result.
  let onCard = false;
  for (let i = 0; i < 40 && !onCard; i++) {
    await page.keyboard.press("Tab");
    onCard = await page.evaluate(() => document.activeElement?.closest(".product-card") !== null);
  }
  expect(onCard).toBe(true);
  const name = await page.evaluate(() => document.activeElement?.querySelector(".product-card-name")?.textContent);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name ?? "");
});
