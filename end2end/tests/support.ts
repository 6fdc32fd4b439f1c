import { expect, type Browser, type Page } from "@playwright/test";

/** Collects console errors and uncaught exceptions, which would mean hydration or a request went wrong. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** A fresh product of the original exports, stocked in several stores. */
export const GLAZED_DONUT = "/p/63b9be0e4838041b2f631c5d";

/** Units of the donut across every store, as its product page shows them. */
export async function donutsInStores(page: Page): Promise<number> {
  const counts = await page.locator(".store-stock .count").allTextContents();
  return counts.map((text) => parseInt(text, 10)).reduce((sum, n) => sum + n, 0);
}

export async function expectDonutsInStores(page: Page, units: number) {
  // Product pages may be served from the catalogue's short cache: look again until it shows.
  await expect(async () => {
    await page.goto(GLAZED_DONUT);
    expect(await donutsInStores(page)).toBe(units);
  }).toPass({ timeout: 20_000 });
}

/** The admin account created at the first start (README). */
export const ADMIN = { email: "admin@amazone.test", password: "amazone-admin" };

/** A new browser context signed in as the admin, on the maintenance page. */
export async function signInAsAdmin(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-in?next=%2Fadmin");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Maintenance", level: 1 })).toBeVisible();
  return page;
}

/** Every imported customer's password (README). */
export const DEMO_PASSWORD = "amazone-demo";

/** Signs a customer in through the sign-in page and waits for `next` to open. */
export async function signIn(page: Page, email: string, next = "/") {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new URL(next, page.url()).href);
  await expect(page.locator(".account-name")).toBeVisible();
}
