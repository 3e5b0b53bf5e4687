import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RoutingConfig } from "@/lib/api/types";
import { FakeGateway, fakeModem } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { SettingsPage } from "./SettingsPage";

function setup(routing?: Partial<RoutingConfig>) {
  const gateway = new FakeGateway();
  gateway.modems = ["demo-1", "demo-2", "demo-3"].map((name) => fakeModem({ name, demo: true }));
  if (routing) gateway.routing = { ...gateway.routing, ...routing };
  renderWithGateway(<SettingsPage />, gateway);
  return { gateway, user: userEvent.setup() };
}

const puts = (gateway: FakeGateway) => gateway.requests.filter((r) => r.method === "PUT");
const group = (name: string) => screen.getByRole("group", { name });
const save = () => screen.getByRole("button", { name: "Save settings" });
const noMatch = { prefix: null, country: null, tag: null, category: null, priority: null };

describe("routing editor", () => {
  it("builds pools and ordered rules and saves the whole configuration", async () => {
    const { gateway, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Add pool" }));
    const pool = within(group("Pool 2"));
    await user.type(pool.getByLabelText("Name"), "uk");
    await user.selectOptions(pool.getByLabelText("Add modem"), "demo-1");
    await user.selectOptions(pool.getByLabelText("Add modem"), "demo-3");
    await user.selectOptions(pool.getByLabelText("Add modem"), "demo-2");
    await user.click(pool.getByRole("button", { name: "Move demo-2 up" }));
    await user.click(pool.getByRole("button", { name: "Move demo-1 down" }));
    const order = pool.getByRole("list", { name: "Modems in order" });
    expect(
      within(order)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["1.demo-2", "2.demo-1", "3.demo-3"]);
    await user.click(pool.getByRole("button", { name: "Remove demo-3" }));
    const strategy = pool.getByLabelText("Strategy");
    await user.selectOptions(strategy, "failover");
    expect(strategy).toHaveAccessibleDescription(/first available modem in order sends everything/);

    await user.click(screen.getByRole("button", { name: "Add rule" }));
    const first = within(group("Rule 1"));
    await user.type(first.getByLabelText("Name"), "UK numbers");
    await user.type(first.getByLabelText("Number starts with"), "+44");
    await user.selectOptions(first.getByLabelText("Send through pool"), "uk");
    await user.click(screen.getByRole("button", { name: "Add rule" }));
    const second = within(group("Rule 2"));
    await user.type(second.getByLabelText("Name"), "Campaigns");
    await user.type(second.getByLabelText("Country"), "de");
    await user.type(second.getByLabelText("Tag"), "promo");
    await user.selectOptions(second.getByLabelText("Category"), "marketing");
    await user.selectOptions(second.getByLabelText("Priority"), "bulk");
    // The campaign rule is more specific, so it goes first.
    await user.click(screen.getByRole("button", { name: "Move rule 2 up" }));
    expect(within(group("Rule 1")).getByLabelText("Name")).toHaveValue("Campaigns");
    expect(screen.getByRole("button", { name: "Move rule 1 up" })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText("Messages no rule matches go through"), "all");
    await user.click(save());

    await waitFor(() => expect(puts(gateway)).toHaveLength(1));
    expect(puts(gateway)[0]!.body).toEqual({
      pools: [
        { name: "all", modems: ["demo-1"], strategy: "round-robin" },
        { name: "uk", modems: ["demo-2", "demo-1"], strategy: "failover" },
      ],
      rules: [
        {
          name: "Campaigns",
          when: {
            ...noMatch,
            country: "DE",
            tag: "promo",
            category: "marketing",
            priority: "bulk",
          },
          pool: "all",
        },
        { name: "UK numbers", when: { ...noMatch, prefix: "+44" }, pool: "uk" },
      ],
      default_pool: "all",
      limits: {},
      windows: { marketing: null, transactional: null },
      default_timezone: "+00:00",
    });
    await waitFor(() => expect(gateway.routing.default_pool).toBe("all"));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says what is wrong next to each field and saves nothing", async () => {
    const { gateway, user } = setup({
      rules: [{ name: "old", when: noMatch, pool: "gone" }],
    });
    const rule = within(await screen.findByRole("group", { name: "Rule 1" }));
    expect(rule.getByLabelText("Send through pool")).toHaveDisplayValue("gone (no such pool)");
    await user.type(rule.getByLabelText("Number starts with"), "0044");
    await user.type(rule.getByLabelText("Country"), "GBR");

    await user.click(screen.getByRole("button", { name: "Add pool" }));
    await user.type(within(group("Pool 2")).getByLabelText("Name"), "all");
    await user.click(screen.getByRole("button", { name: "Add pool" }));
    await user.click(screen.getByRole("button", { name: "Add rule" }));
    await user.click(save());

    const expectError = (field: HTMLElement, message: string) => {
      expect(field).toHaveAttribute("aria-invalid", "true");
      expect(field).toHaveAccessibleDescription(message);
    };
    await waitFor(() =>
      expectError(rule.getByLabelText("Send through pool"), 'There is no pool named "gone"'),
    );
    expectError(
      rule.getByLabelText("Number starts with"),
      "Write + and the first digits of the number, e.g. +44",
    );
    expectError(rule.getByLabelText("Country"), "Write the two-letter country code, e.g. GB");
    expectError(
      within(group("Pool 2")).getByLabelText("Name"),
      'Another pool is already called "all"',
    );
    expectError(within(group("Pool 3")).getByLabelText("Name"), "Give the pool a name");
    expect(
      within(group("Pool 2")).getByText("Add at least one modem: an empty pool can never send"),
    ).toHaveRole("alert");
    expectError(within(group("Rule 2")).getByLabelText("Name"), "Give the rule a name");
    expect(puts(gateway)).toHaveLength(0);

    // Fixing a field clears its message as the user types.
    await user.clear(rule.getByLabelText("Number starts with"));
    await user.type(rule.getByLabelText("Number starts with"), "+44");
    await waitFor(() =>
      expect(rule.getByLabelText("Number starts with")).not.toHaveAttribute("aria-invalid"),
    );
  });

  it("will not delete a pool that a rule or the default still uses", async () => {
    const { gateway, user } = setup({
      pools: [
        { name: "all", modems: ["demo-1"], strategy: "round-robin" },
        { name: "uk", modems: ["demo-2", "demo-1"], strategy: "failover" },
      ],
      rules: [{ name: "UK numbers", when: { ...noMatch, prefix: "+44" }, pool: "uk" }],
      default_pool: "uk",
    });
    const uk = within(await screen.findByRole("group", { name: "Pool 2" }));
    await user.click(uk.getByRole("button", { name: "Delete pool" }));
    expect(uk.getByRole("alert")).toHaveTextContent(
      'Pool "uk" is used by rule "UK numbers" and the default pool. Point them at another pool first.',
    );
    expect(uk.getByLabelText("Name")).toHaveValue("uk");

    await user.click(screen.getByRole("button", { name: "Delete rule 1" }));
    await user.selectOptions(screen.getByLabelText("Messages no rule matches go through"), "");
    await user.click(uk.getByRole("button", { name: "Delete pool" }));
    expect(screen.queryByRole("group", { name: "Pool 2" })).toBeNull();
    await user.click(save());
    await waitFor(() => expect(puts(gateway)).toHaveLength(1));
    expect(puts(gateway)[0]!.body).toMatchObject({
      pools: [{ name: "all" }],
      rules: [],
      default_pool: null,
    });
  });

  it("keeps rules and the default pointing at a pool that is renamed", async () => {
    const { gateway, user } = setup({
      rules: [{ name: "everything", when: noMatch, pool: "all" }],
      default_pool: "all",
    });
    const name = within(await screen.findByRole("group", { name: "Pool 1" })).getByLabelText(
      "Name",
    );
    await user.clear(name);
    await user.type(name, "main");
    expect(within(group("Rule 1")).getByLabelText("Send through pool")).toHaveValue("main");
    await user.click(save());
    await waitFor(() => expect(puts(gateway)).toHaveLength(1));
    expect(puts(gateway)[0]!.body).toMatchObject({
      pools: [{ name: "main" }],
      rules: [{ pool: "main" }],
      default_pool: "main",
    });
  });

  it("shows the gateway's problems under the fields they name", async () => {
    const { gateway, user } = setup({
      pools: [{ name: "all", modems: ["demo-1", "ttyUSB9"], strategy: "sticky" }],
      rules: [{ name: "Moon", when: { ...noMatch, country: "XX" }, pool: "all" }],
    });
    gateway.rejectRouting = {
      status: 422,
      problem: {
        type: "https://simgate.app/problems/invalid-request",
        title: "Unprocessable Entity",
        status: 422,
        detail: "...",
        errors: [
          { field: "pools[0].modems[1]", message: 'there is no modem named "ttyUSB9"' },
          {
            field: "rules[0].when.country",
            message: '"XX" is not an ISO country code; write two capital letters, e.g. DE',
          },
          { field: "limits.ghost", message: 'there is no modem named "ghost"' },
        ],
      },
    };
    await user.click(await screen.findByRole("button", { name: "Save settings" }));

    const country = within(group("Rule 1")).getByLabelText("Country");
    await waitFor(() =>
      expect(country).toHaveAccessibleDescription(
        '"XX" is not an ISO country code; write two capital letters, e.g. DE',
      ),
    );
    expect(country).toHaveAttribute("aria-invalid", "true");
    const pool = within(group("Pool 1"));
    expect(pool.getByText("(not connected)")).toBeInTheDocument();
    expect(pool.getByRole("list", { name: "Modems in order" })).toHaveAccessibleDescription(
      'there is no modem named "ttyUSB9"',
    );
    // A problem with no field on the page is listed by the Save button.
    const summary = screen
      .getByText("The gateway did not accept these settings; see the marked fields.")
      .closest("div")!;
    expect(summary).toHaveTextContent('limits.ghost: there is no modem named "ghost"');
  });
});
