import { expect, test } from "@playwright/test";
import { signIn, signInAsAdmin, watchForErrors } from "./support";

/** "Aerified", a book of the original exports. */
const AERIFIED = "63b9be0e4838041b2f631c48";
/** "Tempsoft", a book at £16.99 that no other test buys. */
const TEMPSOFT = "63b9be0e4838041b2f631c49";
/** The browser's note of a refusal these tests cause on purpose (a 4xx answer to a server function). */
const REFUSED = /Failed to load resource: the server responded with a status of 4\d\d/;
/** A 64 × 64 chequered PNG. */
const CHEQUERED_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAbUlEQVR42u3XMQ0AIAxFQUQgB03MSEQOEjBQpi4QLmHswE0vv9TRw7dmC99t9wUAAAAAIAV45aOnewAAAACAHECJAQAAAOwBJQYAAACwB5QYAAAAwB5QYgAAAAB7QIkBAAAA7AElBgAAAPgGsAEjznFayZQOpQAAAABJRU5ErkJggg==",
  "base64",
);

test("every card of a category page shows its picture, drawn, loaded and with its room kept", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/c/books");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const pictures = page.locator(".product-card-picture");
  expect(await pictures.count()).toBeGreaterThan(4);
  const first = pictures.first();
  await expect(first).toHaveAttribute("width", "400");
  await expect(first).toHaveAttribute("height", "400");
  expect(await first.getAttribute("alt")).toBeTruthy();
  // The browser decoded it: an SVG drawn for the book, allowed by the page's policy.
  await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400);
  await page.screenshot({ path: "screenshots/category-pictures.png" });
  expect(errors).toEqual([]);
});

test("an admin uploads a picture, makes it the main one, and the shop shows it; a file that is not a picture is refused", async ({ browser }) => {
  test.setTimeout(60_000);
  const admin = await signInAsAdmin(browser);
  const errors = watchForErrors(admin);
  await admin.getByRole("link", { name: "Products" }).click();
  await expect(admin.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  await admin.getByRole("searchbox", { name: "Search" }).fill("Aerified");
  await admin.getByRole("button", { name: "Find" }).click();
  await admin.getByRole("link", { name: "Aerified" }).click();
  await expect(admin.getByRole("heading", { name: "Aerified", level: 1 })).toBeVisible();
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(admin.locator(".picture-tile")).toHaveCount(1);

  // Named like a picture, but text: refused by its content.
  const upload = admin.locator("form.upload-picture");
  await upload.getByLabel(/JPEG, PNG or WebP/).setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: Buffer.from("just some notes") });
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload.getByRole("alert")).toContainText("not a JPEG, PNG or WebP picture");
  await expect(admin.locator(".picture-tile")).toHaveCount(1);

  await upload.getByLabel(/JPEG, PNG or WebP/).setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: CHEQUERED_PNG });
  await upload.getByLabel("Make it the main picture").check();
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload.getByRole("status")).toHaveText("The picture was added.");
  await expect(admin.locator(".picture-tile")).toHaveCount(2);
  const main = admin.locator(".picture-tile").first();
  await expect(main).toContainText("Main picture");
  await expect(main).toContainText("64 × 64 px");
  const uploaded = await main.getAttribute("data-picture");
  await admin.screenshot({ path: "screenshots/admin-product.png", fullPage: true });

  // The shop's product page shows the upload as its picture (its cache is cleared on this server at once).
  const shopper = await (await browser.newContext()).newPage();
  await shopper.goto(`/p/${AERIFIED}`);
  const picture = shopper.locator("img.product-picture");
  await expect(picture).toHaveAttribute("src", `/pictures/${uploaded}`);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);

  // Back to the drawn cover: it becomes main again, and the upload is removed.
  await admin.locator(".picture-tile").nth(1).getByRole("button", { name: "Make main" }).click();
  await expect(admin.locator(".picture-tile").first()).not.toHaveAttribute("data-picture", uploaded!);
  await admin.locator(`.picture-tile[data-picture="${uploaded}"]`).getByRole("button", { name: "Remove" }).click();
  await expect(admin.locator(".picture-tile")).toHaveCount(1);
  // Each change is in the product's audit log, newest first, with who made it.
  await expect(admin.locator(".desk-audit tbody tr").first()).toContainText("remove picture");
  await expect(admin.locator(".desk-audit tbody tr").first()).toContainText("admin@amazone.test");
  expect(errors.filter((error) => !REFUSED.test(error))).toEqual([]);
});

test("an admin receives goods into the warehouse and the figures and the log follow", async ({ browser }) => {
  const admin = await signInAsAdmin(browser);
  const errors = watchForErrors(admin);
  await admin.goto(`/admin/products/${AERIFIED}`);
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  const row = admin.locator(".stock-row").first();
  const before = parseInt((await row.locator(".on-shelf").textContent()) ?? "", 10);
  expect(before).toBeGreaterThanOrEqual(0);

  await row.getByLabel("Adjustment").selectOption("add");
  await row.getByLabel("Units").fill("5");
  await row.getByLabel("Reason").selectOption("received");
  await row.getByRole("button", { name: "Adjust" }).click();
  await expect(admin.locator(".stock-row").first().locator(".on-shelf")).toHaveText(String(before + 5));
  await expect(admin.locator(".desk-audit tbody tr").first()).toContainText("adjust stock");

  // Removing more than is free is refused in words, and nothing moves.
  await row.getByLabel("Adjustment").selectOption("remove");
  await row.getByLabel("Units").fill(String(before + 6));
  await row.getByLabel("Reason").selectOption("damaged");
  await row.getByRole("button", { name: "Adjust" }).click();
  await expect(admin.getByRole("alert")).toContainText(`Only ${before + 5} units there are not in shoppers' carts`);
  await expect(admin.locator(".stock-row").first().locator(".on-shelf")).toHaveText(String(before + 5));
  await admin.screenshot({ path: "screenshots/admin-stock.png", fullPage: true });
  expect(errors.filter((error) => !REFUSED.test(error))).toEqual([]);
});

test("an admin raises a book's price; a shopper holding it is told at checkout and pays the new price", async ({ browser }) => {
  test.setTimeout(60_000);
  const shopper = await (await browser.newContext()).newPage();
  const errors = watchForErrors(shopper);
  await signIn(shopper, "annasmith@gmail.com", `/p/${TEMPSOFT}`);
  await expect(shopper.locator(".price")).toHaveText("£16.99");
  await shopper.getByRole("button", { name: "Add to cart" }).click();
  await expect(shopper.getByRole("status")).toContainText("Your cart holds 1 item");

  const admin = await signInAsAdmin(browser);
  await admin.goto(`/admin/products/${TEMPSOFT}`);
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  await admin.getByLabel("Price in the UK (£)").fill("18.49");
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(admin.locator(".edit-product").getByRole("status")).toHaveText("Saved.");
  await expect(admin.locator(".current-price")).toHaveText("£18.49 · €19.99");

  await shopper.goto("/checkout");
  await expect(shopper.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(shopper.locator(".cart-total .total")).toHaveText("£16.99");
  await shopper.getByRole("button", { name: "Place order" }).click();
  await expect(shopper.getByRole("alert")).toContainText("Tempsoft is now £18.49 (was £16.99)");
  await shopper.screenshot({ path: "screenshots/checkout-price-changed.png", fullPage: true });
  // The page reads the cart again: the new price is what the shopper now agrees to.
  await expect(shopper.locator(".cart-total .total")).toHaveText("£18.49");
  await expect(shopper.getByRole("alert")).toContainText("Tempsoft is now £18.49");
  await shopper.getByRole("button", { name: "Place order" }).click();
  await expect(shopper).toHaveURL(/\/orders\/[0-9a-f]{24}$/);
  await expect(shopper.locator(".cart-total")).toContainText("£18.49");
  expect(errors.filter((error) => !REFUSED.test(error))).toEqual([]);
});

test("an admin creates a book with a cover, the shop finds it by search; retired, the shop no longer sells it", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signInAsAdmin(browser);
  const errors = watchForErrors(admin);
  await admin.goto("/admin/products");
  await admin.getByRole("link", { name: "New product" }).click();
  await admin.getByRole("link", { name: "Book", exact: true }).click();
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  const form = admin.locator("form.edit-product");
  await form.getByLabel("Name").fill("Quillable Tides");
  await form.getByLabel("Description").fill("A novel of the sea.");
  await form.getByLabel("Price in the UK (£)").fill("8.99");
  await form.getByLabel("Price in the EU (€)").fill("10.49");
  await form.getByLabel("Cost (£)").fill("4.10");
  await form.getByLabel("Author").fill("Iris Wave");
  await form.getByLabel("Publisher").fill("Tide Press");
  await form.getByLabel("Year").fill("2024");
  // A mistyped ISBN is refused in words; the corrected one is taken.
  await form.getByLabel("ISBN").fill("978-0-306-40615-8");
  await form.getByRole("button", { name: "Create product" }).click();
  await expect(form.getByRole("alert")).toContainText("check digit");
  await admin.screenshot({ path: "screenshots/admin-new-product.png", fullPage: true });
  await form.getByLabel("ISBN").fill("978-0-306-40615-7");
  await form.getByRole("button", { name: "Create product" }).click();
  await expect(admin.getByRole("heading", { name: "Quillable Tides", level: 1 })).toBeVisible();
  await expect(admin).toHaveURL(/\/admin\/products\/[0-9a-f]{24}$/);
  const id = admin.url().split("/").pop();

  const upload = admin.locator("form.upload-picture");
  await upload.getByLabel(/JPEG, PNG or WebP/).setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: CHEQUERED_PNG });
  await upload.getByLabel("Make it the main picture").check();
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload.getByRole("status")).toHaveText("The picture was added.");
  const cover = await admin.locator(".picture-tile").first().getAttribute("data-picture");

  const shopper = await (await browser.newContext()).newPage();
  await shopper.goto("/search?q=Quillable");
  const card = shopper.locator(`a[href="/p/${id}"]`).first();
  await expect(card).toBeVisible();
  await expect(shopper.locator(`img[src="/pictures/${cover}"]`)).toBeVisible();
  await shopper.goto(`/p/${id}`);
  await expect(shopper.locator(".price")).toHaveText("£8.99");

  await admin.getByRole("button", { name: "Retire this product" }).click();
  await expect(admin.locator(".sale-state")).toContainText("Retired on");
  await expect(admin.locator(".desk-audit tbody tr").first()).toContainText("retire product");
  await shopper.goto("/search?q=Quillable");
  await expect(shopper.locator(`a[href="/p/${id}"]`)).toHaveCount(0);
  await shopper.goto(`/p/${id}`);
  await expect(shopper.locator(".buy-box")).toContainText("No longer sold");
  await expect(shopper.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
  await shopper.screenshot({ path: "screenshots/product-retired.png", fullPage: true });
  expect(errors.filter((error) => !REFUSED.test(error))).toEqual([]);
});
