import { expect, test } from "@playwright/test";
import { watchForErrors } from "./support";

// The release build is split (`cargo leptos build --split`): every page but the home page is a lazy wasm chunk.
// A shopper who only browses the catalogue must never download the code of the shopper's own pages, signing in or
// the admin area.
const NOT_FOR_BROWSING = [
  "split___admin_",
  "split___account_",
  "split___cart_",
  "split___checkout_",
  "split___orders_",
  "split___order_detail_",
  "split___sign_in_",
  "split___sign_up_",
];

test("a catalogue-only visit downloads no account, cart or admin chunk, and signing in fetches its own", async ({ page }) => {
  const errors = watchForErrors(page);
  const wasm: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasm.push(new URL(request.url()).pathname);
  });

  await page.goto("/");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("link", { name: /Books/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Books");
  await page.locator(".product-card a").first().click();
  await expect(page.locator(".product-header h1")).toBeVisible();
  const box = page.getByRole("combobox", { name: "Search the catalogue" });
  await box.fill("apple");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=apple/);
  await expect(page.locator(".product-card").first()).toBeVisible();

  expect(wasm.some((path) => /\/amazone\.[^/]+\.wasm$/.test(path)), `main wasm among ${wasm}`).toBe(true);
  expect(wasm.some((path) => path.includes("split___category_")), "the category page came as its chunk").toBe(true);
  expect(wasm.filter((path) => NOT_FOR_BROWSING.some((name) => path.includes(name)))).toEqual([]);

  // Opening the sign-in page fetches its chunk, and the page works.
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByLabel("Email")).toBeVisible();
  expect(wasm.some((path) => path.includes("split___sign_in_"))).toBe(true);
  expect(wasm.filter((path) => path.includes("split___admin_"))).toEqual([]);
  expect(errors).toEqual([]);
});
