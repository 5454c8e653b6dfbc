package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * A published provider range: who owns the address ({@code aws}, {@code gcp}, {@code azure}), the
 * service ({@code EC2}, {@code S3}, {@code Google Cloud}, {@code AzureStorage}, …) and the region
 * in the provider's own names; empty region for global ranges (AWS {@code GLOBAL}, Azure tags
 * without a region).
 */
public record CloudRange(
    String provider, String service, Optional<String> region, String prefix, String label) {
  public CloudRange {
    requireNonNull(provider, "provider is null");
    requireNonNull(service, "service is null");
    requireNonNull(region, "region is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(label, "label is null");
  }

  /** A range with its service label {@code <provider>-<service>}, lower case ({@code aws-s3}). */
  public static CloudRange of(
      String provider, String service, Optional<String> region, String prefix) {
    String slug =
        service.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return new CloudRange(provider, service, region, prefix, provider + "-" + slug);
  }
}
