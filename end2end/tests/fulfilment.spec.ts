import { expect, test, type Browser, type Page } from "@playwright/test";
import { GLAZED_DONUT, donutsInStores, expectDonutsInStores, watchForErrors } from "./support";

// Imported customers sign in with the demo password, the admin with the settings' password (README). Delivery
// partners sign in with their email and the demo password too; which one carries an order is read off the desk.
const DEMO_PASSWORD = "amazone-demo";
const ADMIN = { email: "admin@amazone.test", password: "amazone-admin" };
const MICHELE = "michelelopez@gmail.com";
const JASON = "jasondavilla@gmail.com";

/** A fresh browser context signed in as `email`, which lands on `lands` (a partner goes to their round). */
async function signedIn(browser: Browser, email: string, password: string, next: string, lands = next): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new URL(lands, page.url()).href);
  return page;
}

/** Orders one Glazed Donut and returns the order's id (the shopper is on its page). */
async function orderADonut(shopper: Page): Promise<string> {
  await shopper.goto(GLAZED_DONUT);
  await expect(shopper.locator("body")).toHaveAttribute("data-hydrated", "true");
  await shopper.getByRole("button", { name: "Add to cart" }).click();
  await expect(shopper.getByRole("status")).toContainText("Your cart holds 1 item");
  await shopper.goto("/checkout");
  await expect(shopper.locator("body")).toHaveAttribute("data-hydrated", "true");
  await shopper.getByRole("button", { name: "Place order" }).click();
  await expect(shopper).toHaveURL(/\/orders\/[0-9a-f]{24}$/);
  return shopper.url().split("/").pop()!;
}

test("an admin finds an order by email and gives it to a partner, who delivers it; the customer rates the delivery", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const customer = await signedIn(browser, MICHELE, DEMO_PASSWORD, "/");
  const errors = watchForErrors(customer);
  const orderId = await orderADonut(customer);

  const admin = await signedIn(browser, ADMIN.email, ADMIN.password, "/admin/orders");
  watchForErrors(admin);
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  await admin.getByLabel("Search", { exact: true }).fill(MICHELE);
  await admin.getByRole("button", { name: "Find" }).click();
  await expect(admin).toHaveURL(/q=michelelopez%40gmail.com|q=michelelopez@gmail.com/);
  await admin.screenshot({ path: "screenshots/admin-orders.png", fullPage: true });
  await admin.locator(".desk-table tbody tr").first().getByRole("link").click();
  await expect(admin.locator(".desk-facts")).toContainText(orderId);
  await expect(admin.locator(".desk-customer")).toContainText(MICHELE);
  // Give it to the least loaded partner on duty; their email is in the option.
  const choice = admin.getByLabel("Give to");
  const option = (await choice.locator("option").first().textContent()) ?? "";
  const partnerEmail = /<([^>]+)>/.exec(option)![1];
  await choice.selectOption({ index: 0 });
  await admin.getByRole("button", { name: "Assign" }).click();
  await expect(admin.locator(".desk-partner")).toContainText(partnerEmail);
  await expect(admin.locator(".desk-audit")).toContainText("assign");
  await admin.screenshot({ path: "screenshots/admin-order.png", fullPage: true });

  const partner = await signedIn(browser, partnerEmail, DEMO_PASSWORD, "/", "/deliveries");
  const partnerErrors = watchForErrors(partner);
  await expect(partner.getByRole("heading", { name: "Your deliveries" })).toBeVisible();
  const stop = partner.locator(`.stop[data-order="${orderId}"]`);
  await expect(stop).toContainText("1 × Glazed Donut");
  await expect(stop).toContainText("Michele Lopez");
  await partner.screenshot({ path: "screenshots/deliveries.png", fullPage: true });
  await stop.getByRole("button", { name: "Delivered" }).click();
  await expect(stop).toHaveCount(0);

  await customer.goto(`/orders/${orderId}`);
  await expect(customer.locator(".order-timeline")).toContainText("Delivered by your delivery partner");
  await customer.getByLabel("Your rating of the delivery").selectOption("5");
  await customer.getByRole("button", { name: "Rate delivery" }).click();
  await expect(customer.getByRole("status")).toContainText("Thanks for rating your delivery!");
  await customer.screenshot({ path: "screenshots/order-delivered.png", fullPage: true });
  expect(errors).toEqual([]);
  expect(partnerErrors).toEqual([]);
});

test("a customer cancels an order and the product page shows the stock back", async ({ browser }) => {
  test.setTimeout(60_000);
  const customer = await signedIn(browser, JASON, DEMO_PASSWORD, "/");
  const errors = watchForErrors(customer);
  await customer.goto(GLAZED_DONUT);
  const before = await donutsInStores(customer);
  const orderId = await orderADonut(customer);
  await expectDonutsInStores(customer, before - 1);

  await customer.goto(`/orders/${orderId}`);
  await expect(customer.locator("body")).toHaveAttribute("data-hydrated", "true");
  await customer.getByRole("button", { name: "Cancel this order" }).click();
  await expect(customer.locator(".order-status")).toHaveText("Cancelled");
  await expect(customer.locator(".order-timeline")).toContainText("Cancelled by you");
  await expect(customer.getByRole("button", { name: "Cancel this order" })).toHaveCount(0);
  await expectDonutsInStores(customer, before);
  expect(errors).toEqual([]);
});
