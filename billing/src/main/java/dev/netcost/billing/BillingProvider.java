package dev.netcost.billing;

import java.util.Locale;
import java.util.Optional;

/** The cloud that issued a bill line. The wire names are the provider column values. */
public enum BillingProvider {
  AWS("aws"),
  GCP("gcp"),
  AZURE("azure"),
  OCI("oci");

  private final String wireName;

  BillingProvider(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Maps a FOCUS {@code ProviderName} (as the providers spell it) to a provider. */
  static Optional<BillingProvider> fromFocusProviderName(String name) {
    String normalized = name.trim().toLowerCase(Locale.ROOT);
    return switch (normalized) {
      case "aws", "amazon web services", "amazon web services, inc." -> Optional.of(AWS);
      case "google cloud", "google", "google cloud platform", "gcp" -> Optional.of(GCP);
      case "microsoft", "azure", "microsoft azure" -> Optional.of(AZURE);
      case "oracle", "oci", "oracle cloud infrastructure" -> Optional.of(OCI);
      default -> Optional.empty();
    };
  }
}
