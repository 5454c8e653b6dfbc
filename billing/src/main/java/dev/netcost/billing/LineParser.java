package dev.netcost.billing;

/** Turns one source row into a line, or throws {@link RowException} naming the field at fault. */
interface LineParser {
  BillingLine parse(Row row, String sourceFile);
}
