import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          ["line\nbreak", 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n');
  });

  it("keeps phone numbers but defuses formulas", () => {
    expect(
      toCsv(["v"], [["+4915112345678"], ["=HYPERLINK(1)"], ["+SUM(A1)"], ["-2+3"], ["@x"]]),
    ).toBe("v\r\n+4915112345678\r\n'=HYPERLINK(1)\r\n'+SUM(A1)\r\n'-2+3\r\n'@x\r\n");
  });

  it("writes empty cells for null and undefined", () => {
    expect(toCsv(["a", "b", "c"], [[null, undefined, ""]])).toBe("a,b,c\r\n,,\r\n");
  });
});
