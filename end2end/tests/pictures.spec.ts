import { expect, test } from "@playwright/test";
import { signInAsAdmin, watchForErrors } from "./support";

/** "Aerified", a book of the original exports. */
const AERIFIED = "63b9be0e4838041b2f631c48";
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
  expect(errors).toEqual([]);
});
