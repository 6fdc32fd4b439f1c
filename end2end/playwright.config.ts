import { defineConfig } from "@playwright/test";
import { resolve } from "node:path";

// The store under test (end2end/serve.sh): the release build on its own port with a throwaway local mongod (free
// port, a temp folder removed afterwards),
// so a store already running on :3000 is never touched. Playwright waits for readiness, and stops the server with
// SIGTERM so that it shuts its mongod down cleanly.
const port = Number(process.env.AMAZONE_E2E_PORT ?? 3400);
const baseURL = `http://127.0.0.1:${port}`;
const projectRoot = resolve(__dirname, "..");

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium (scripts/setup.sh installs it); Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "end2end/serve.sh",
    cwd: projectRoot,
    url: `${baseURL}/health/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      AMAZONE_SITE_ADDR: `127.0.0.1:${port}`,
      AMAZONE_MONGODB_URI: "",
      AMAZONE_DATABASE: "amazone_e2e",
      AMAZONE_MONGOD_PORT: "0",
      RUST_LOG: "warn",
      // The admin test lets a cart go stale in seconds; nothing else expires carts (the schedule is off).
      AMAZONE_CART_LIFETIME: "8s",
      AMAZONE_SCHEDULE: "false",
    },
  },
});
