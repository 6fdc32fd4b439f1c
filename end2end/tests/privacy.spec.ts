import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn, signInAsAdmin, watchForErrors } from "./support";

// Customers of the original exports no other spec uses: their accounts are deleted here.
const BRANDON = "brandonjenkins@gmail.com";
const JEFFREY = "jeffreyneal@gmail.com";

test("a customer downloads their data and deletes their account", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, BRANDON, "/account");
  await expect(page.getByRole("heading", { name: "Your data" })).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download my data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^amazone-data-[0-9a-f]{24}\.json$/);
  const data = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(data.customer.email).toBe(BRANDON);
  expect(data.customer.name).toBe("Brandon Jenkins");
  expect(data.account.password_hash).toBeUndefined();
  expect(Array.isArray(data.orders)).toBe(true);

  // A wrong password deletes nothing and says so.
  await page.getByLabel("Your password").fill("not-my-password");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("alert")).toContainText("Nothing was deleted");
  await page.screenshot({ path: "screenshots/account-your-data.png", fullPage: true });

  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/\?account=deleted$/);
  await expect(page.getByText("Your account was deleted")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // The account is gone: signing in again is refused.
  await page.goto("/sign-in");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill(BRANDON);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match an account");
  expect(errors.filter((e) => !e.includes("status of 40"))).toEqual([]);
});

test("an admin finds a customer, downloads their data and erases it on request", async ({ browser }) => {
  const page = await signInAsAdmin(browser);
  await page.getByRole("link", { name: "Customers" }).click();
  await expect(page.getByRole("heading", { name: "Customers' data requests" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email", { exact: true }).fill(JEFFREY);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("heading", { name: "Jeffrey Neal" })).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download their data" }).click();
  const data = JSON.parse(await readFile((await (await downloading).path())!, "utf8"));
  expect(data.customer.email).toBe(JEFFREY);
  await page.screenshot({ path: "screenshots/admin-customers.png", fullPage: true });

  await page.getByLabel("Type their email to confirm erasure").fill("someone@else.com");
  await page.getByRole("button", { name: "Erase their personal data" }).click();
  await expect(page.getByRole("alert")).toContainText("Nothing was erased");
  await page.getByLabel("Type their email to confirm erasure").fill(JEFFREY);
  await page.getByRole("button", { name: "Erase their personal data" }).click();
  await expect(page.getByText("Jeffrey Neal's personal data was erased")).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(JEFFREY);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("alert")).toContainText(`No customer has the email ${JEFFREY}`);
});
