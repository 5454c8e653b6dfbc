package dev.netcost.billing;

/**
 * The export formats the readers understand. Each is accepted as CSV (optionally gzip-compressed)
 * and Parquet; the GCP export also as JSON lines. The container is detected from the content (the
 * {@code PAR1} magic, the gzip magic, a leading {@code {}), the format is given by the caller.
 */
public enum BillingFormat {
  /** AWS Cost and Usage Report: legacy CUR ({@code lineItem/UsageType}) and CUR 2.0. */
  AWS_CUR("aws-cur"),
  /** Google Cloud Billing export to BigQuery, exported as Parquet, JSON lines or CSV. */
  GCP_BILLING_EXPORT("gcp-billing-export"),
  /** Azure Cost Management cost details, EA (PascalCase) or MCA (camelCase) columns. */
  AZURE_COST_DETAILS("azure-cost-details"),
  /** FinOps FOCUS 1.0 to 1.2, from any provider. */
  FOCUS("focus");

  private final String wireName;

  BillingFormat(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static BillingFormat fromWireName(String value) {
    for (BillingFormat format : values()) {
      if (format.wireName.equals(value)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "Invalid billing format: "
            + value
            + " (expected aws-cur, gcp-billing-export, azure-cost-details or focus)");
  }
}
