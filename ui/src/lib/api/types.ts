import type { paths } from "./schema";

// Named shapes of the API, taken from the operations rather than from schema
// names so they follow the server's OpenAPI document whatever it calls them.
export type Message =
  paths["/api/v1/messages/{id}"]["get"]["responses"]["200"]["content"]["application/json"];
export type MessageStatus = Message["status"];
export type MessagePage =
  paths["/api/v1/messages"]["get"]["responses"]["200"]["content"]["application/json"];
export type SendMessageBody = NonNullable<
  paths["/api/v1/messages"]["post"]["requestBody"]
>["content"]["application/json"];
export type SegmentPlan =
  paths["/api/v1/segments"]["post"]["responses"]["200"]["content"]["application/json"];
export type Modem =
  paths["/api/v1/modems"]["get"]["responses"]["200"]["content"]["application/json"][number];
export type Stats =
  paths["/api/v1/stats"]["get"]["responses"]["200"]["content"]["application/json"];
export type InboxPage =
  paths["/api/v1/inbox"]["get"]["responses"]["200"]["content"]["application/json"];
export type InboxItem = InboxPage["items"][number];
export type RoutingConfig =
  paths["/api/v1/routing"]["get"]["responses"]["200"]["content"]["application/json"];
export type Pool = RoutingConfig["pools"][number];
export type Strategy = NonNullable<Pool["strategy"]>;
export type Rule = RoutingConfig["rules"][number];
export type RuleMatch = NonNullable<Rule["when"]>;
export type Category = NonNullable<RuleMatch["category"]>;
export type Priority = NonNullable<RuleMatch["priority"]>;
export type SimLimits = RoutingConfig["limits"][string];
export type SendWindow = NonNullable<RoutingConfig["windows"]["marketing"]>;
