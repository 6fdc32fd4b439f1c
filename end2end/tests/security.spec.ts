import { expect, test, type Browser, type Page } from "@playwright/test";
import { GLAZED_DONUT, watchForErrors } from "./support";

// Every page's Content-Security-Policy allows only scripts carrying the response's nonce (and the app's own files):
// each kind of page must still hydrate with no violation reported. The admin page must not load inside a frame.

const DEMO_PASSWORD = "amazone-demo";

/** A page that records every CSP violation the browser reports, in `window.__violations`. */
async function watchedPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`),
    );
  });
  return page;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".account-name")).toBeVisible();
}

async function expectCleanVisits(page: Page, paths: string[]) {
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator("body"), path).toHaveAttribute("data-hydrated", "true");
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(violations, path).toEqual([]);
  }
}

test("every kind of page hydrates with no Content-Security-Policy violation", async ({ browser }) => {
  test.setTimeout(90_000);
  const guest = await watchedPage(browser);
  const errors = watchForErrors(guest);
  await expectCleanVisits(guest, ["/", "/c/bakery", GLAZED_DONUT, "/search?q=tea", "/cart", "/sign-in", "/sign-up"]);
  expect(errors).toEqual([]);
  // The not-found page too (its 404 is logged by the browser, which is expected there).
  await expectCleanVisits(guest, ["/nowhere"]);

  const customer = await watchedPage(browser);
  await signIn(customer, "traceymedina@gmail.com", DEMO_PASSWORD);
  await expectCleanVisits(customer, ["/orders", "/account", "/checkout"]);

  const partner = await watchedPage(browser);
  await signIn(partner, "sandrarobinson@gmail.com", DEMO_PASSWORD);
  await expectCleanVisits(partner, ["/deliveries"]);

  const admin = await watchedPage(browser);
  await signIn(admin, "admin@amazone.test", "amazone-admin");
  await expectCleanVisits(admin, ["/admin", "/admin/orders", "/admin/partners"]);
});

test("the admin page refuses to load inside another page's frame", async ({ page, baseURL }) => {
  await page.goto("/");
  const response = await page.request.get("/admin");
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  // A page of another origin (about:blank here) framing the admin area gets nothing from it.
  const framing = await (await page.context().newPage());
  await framing.setContent(`<iframe src="${baseURL}/admin" width="600" height="400"></iframe>`);
  await framing.waitForTimeout(1_500);
  const frame = framing.frames().find((candidate) => candidate !== framing.mainFrame());
  expect(frame, "the frame element exists").toBeTruthy();
  // Chromium replaces a refused frame's document with its own error page.
  expect(frame!.url()).toMatch(/^chrome-error:/);
  const shown = await frame!.evaluate(() => document.body?.innerText ?? "");
  expect(shown).not.toContain("Admins only");
});
