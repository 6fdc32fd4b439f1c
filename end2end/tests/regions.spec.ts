import { expect, test } from "@playwright/test";
import { GLAZED_DONUT, watchForErrors } from "./support";

const AERIFIED = "/p/63b9be0e4838041b2f631c48"; // a book: from the warehouse, delivered to every country

test("a guest picks the country they are delivered to and sees which stores can send them fresh food", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto(GLAZED_DONUT);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const deliverTo = page.getByRole("combobox", { name: "Deliver to" });
  await expect(deliverTo).toHaveValue("GB");
  await expect(page.locator(".store-stock li").first()).toContainText("Morrison");

  // France: none of our stores is there, so fresh food is not delivered, and the page says so.
  await deliverTo.selectOption("FR");
  await page.locator(".deliver-to").getByRole("button", { name: "Go" }).click();
  await expect(page).toHaveURL(new RegExp(`${GLAZED_DONUT}$`));
  await expect(page.getByText("Not delivered to France")).toBeVisible();
  await expect(page.getByText("Fresh food comes from our stores in France")).toBeVisible();
  await expect(page.locator(".store-stock li")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Deliver to" })).toHaveValue("FR");
  await page.screenshot({ path: "screenshots/not-delivered-france.png", fullPage: true });

  // Other goods come from the warehouse, which delivers to France too, at the euro price.
  await page.goto(AERIFIED);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(".buy-box .price")).toHaveText("€12.99");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Your cart holds 1 item");
  await page.goto("/cart");
  await expect(page.locator(".cart-total .total")).toHaveText("€12.99");
  // A book in France: the reduced rate of 5.5%, included in the price.
  await expect(page.locator(".cart-total .vat")).toHaveText("€0.68");

  // Back to the UK from the cart: the cart is re-priced in pounds and says so; Manchester's stores again.
  await page.getByRole("combobox", { name: "Deliver to" }).selectOption("GB");
  await page.locator(".deliver-to").getByRole("button", { name: "Go" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.locator(".cart-notice")).toContainText("Your cart is now priced in pounds (£)");
  await expect(page.locator(".cart-total .total")).toHaveText("£10.99");
  await page.screenshot({ path: "screenshots/cart-repriced.png", fullPage: true });
  await page.goto(GLAZED_DONUT);
  await expect(page.locator(".store-stock li").first()).toContainText("Morrison");
  expect(errors).toEqual([]);
});

test("a guest in France buys in euros: signs up with a Paris address and the order shows French VAT", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto(AERIFIED);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("combobox", { name: "Deliver to" }).selectOption("FR");
  await page.locator(".deliver-to").getByRole("button", { name: "Go" }).click();
  await expect(page.locator(".buy-box .price")).toHaveText("€12.99");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Your cart holds 1 item");

  // Checking out needs an account: a new one, delivered to Paris.
  await page.goto("/checkout");
  await page.getByRole("link", { name: "Sign in to check out" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Name").fill("Camille Martin");
  await page.getByLabel("Email").fill(`camille.${Date.now()}@example.fr`);
  await page.getByLabel("Password").fill("a-long-passphrase");
  await page.getByLabel("House number and street").fill("1 Rue de Rivoli");
  await page.getByLabel("Town or city").fill("Paris");
  await page.getByLabel("Postcode").fill("75001");
  // The country the guest picked in "Deliver to" is the form's.
  await expect(page.getByLabel("Country")).toHaveValue("FR");
  await page.getByRole("button", { name: "Create account" }).click();

  // Back at checkout: the guest's cart, still in euros, with the French rate for books.
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.locator(".review-lines")).toContainText("Aerified");
  await expect(page.locator(".cart-total .total")).toHaveText("€12.99");
  await expect(page.locator(".vat-total .vat")).toHaveText("€0.68");
  await expect(page.getByLabel("Postcode")).toHaveValue("75001");
  await page.screenshot({ path: "screenshots/checkout-france.png", fullPage: true });
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page).toHaveURL(/\/orders\/[0-9a-f]{24}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Order placed");
  await expect(page.locator(".order-lines")).toContainText("1 × Aerified");
  await expect(page.locator(".order-lines")).toContainText("€12.99");
  await expect(page.locator(".order-lines .line-vat")).toHaveText("incl. VAT 5.5%");
  await expect(page.locator(".vat-total .vat")).toHaveText("€0.68");
  await page.screenshot({ path: "screenshots/order-france.png", fullPage: true });
  expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
});
