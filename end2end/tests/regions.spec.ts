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
