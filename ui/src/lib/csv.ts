/**
 * CSV for spreadsheets (RFC 4180): fields with commas, quotes or line breaks
 * are quoted. Text that a spreadsheet would run as a formula (=, @, or +/-
 * not followed by a number, e.g. "=HYPERLINK(...)") is prefixed with a quote,
 * while phone numbers like +4915112345678 stay as they are.
 */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(","));
  return lines.join("\r\n") + "\r\n";
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && isFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function isFormula(text: string) {
  if (/^[=@\t\r]/.test(text)) return true;
  return /^[+-]/.test(text) && !/^[+-][\d\s().-]*$/.test(text);
}

/** Offers `content` to the user as a file download. */
export function downloadText(filename: string, content: string, type = "text/csv;charset=utf-8") {
  // A byte-order mark makes Excel read UTF-8 (accents, emoji) correctly.
  const blob = new Blob(["\ufeff", content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
