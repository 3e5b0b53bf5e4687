import { describe, expect, it } from "vitest";
import type { RoutingConfig } from "@/lib/api/types";
import { formField, fromForm, toForm } from "./form";

const config: RoutingConfig = {
  pools: [{ name: "uk", modems: ["demo-2", "demo-1"], strategy: "failover" }],
  rules: [
    {
      name: "UK",
      when: { prefix: "+44", country: "GB", tag: null, category: null, priority: "otp" },
      pool: "uk",
    },
  ],
  default_pool: "uk",
  limits: {
    "demo-1": { per_hour: 10, per_day: null, per_month: null, unique_recipients_per_day: 5 },
  },
  windows: { marketing: { start: "09:00", end: "20:00" }, transactional: null },
  default_timezone: "+01:00",
};

describe("settings form model", () => {
  it("round-trips a configuration unchanged", () => {
    expect(fromForm(toForm(config, ["demo-1", "demo-2"]), config)).toEqual(config);
  });

  it("fills in what an older gateway leaves out", () => {
    const values = toForm(
      { ...config, pools: [{ name: "p", modems: ["demo-1"] }], rules: [{ name: "r", pool: "p" }] },
      [],
    );
    expect(values.pools[0]!.strategy).toBe("round-robin");
    expect(values.rules[0]).toMatchObject({ prefix: "", category: "", pool: "p" });
  });

  it("maps the gateway's field paths to the page's fields", () => {
    const values = toForm(config, ["demo-1", "demo-2"]);
    expect(formField("pools[0].name", values)).toBe("pools.0.name");
    expect(formField("pools[0].modems[1]", values)).toBe("pools.0.modems");
    expect(formField("rules[0].when.prefix", values)).toBe("rules.0.prefix");
    expect(formField("rules[0].pool", values)).toBe("rules.0.pool");
    expect(formField("default_pool", values)).toBe("defaultPool");
    expect(formField("default_timezone", values)).toBe("timezone");
    expect(formField("windows.marketing", values)).toBe("marketing.end");
    expect(formField("windows.transactional.start", values)).toBe("transactional.start");
    expect(formField("limits.demo-2.per_day", values)).toBe("limits.demo-2.per_day");
    // Nothing on the page to mark: listed instead.
    expect(formField("rules[3].name", values)).toBeNull();
    expect(formField("limits.ghost", values)).toBeNull();
  });
});
