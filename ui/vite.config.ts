/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the UI runs on Vite's server and forwards API calls to a
// running `simgate serve` (default port 8080), so the client stays same-origin.
const apiTarget = process.env.SIMGATE_API_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    // The gateway checks Host and Origin (DNS-rebinding defence): present the
    // proxied calls as coming from the gateway's own origin.
    proxy: {
      "/api": {
        target: apiTarget,
        changeOrigin: true,
        configure: (proxy) =>
          proxy.on("proxyReq", (req) => {
            if (req.getHeader("origin")) req.setHeader("origin", apiTarget);
          }),
      },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Loaded from localhost or from disk by the desktop shell: one bundle is fine.
    chunkSizeWarningLimit: 1000,
  },
  test: {
    globals: true,
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    restoreMocks: true,
    testTimeout: 20_000,
  },
});
