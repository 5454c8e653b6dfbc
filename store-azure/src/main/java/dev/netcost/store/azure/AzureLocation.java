package dev.netcost.store.azure;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * A validated Azure Blob location in one of two forms: Hadoop's {@code
 * abfss://container@account.dfs.core.windows.net/prefix} (what Spark's ABFS connector reads) or the
 * shorter {@code az://account/container/prefix}. Both address the same blobs through the Blob
 * endpoint {@code https://account.blob.<suffix>}.
 */
record AzureLocation(
    String scheme, String account, String container, String prefix, String suffix) {
  static final String ACCEPTED_FORMS =
      "abfss://container@account.dfs.core.windows.net/prefix or az://account/container/prefix";
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
  private static final Pattern CONTAINER =
      Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

  AzureLocation {
    requireNonNull(scheme, "scheme is null");
    requireNonNull(account, "account is null");
    requireNonNull(container, "container is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(suffix, "suffix is null");
    if (!scheme.equals("abfss") && !scheme.equals("az")) {
      throw new IllegalArgumentException("Invalid Azure scheme: '" + scheme + "'");
    }
    if (!ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException(
          "Invalid Azure storage account: '" + account + "' (3-24 lower-case letters and digits)");
    }
    if (!CONTAINER.matcher(container).matches()) {
      throw new IllegalArgumentException(
          "Invalid Azure container: '"
              + container
              + "' (3-63 lower-case letters, digits and single hyphens)");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("Invalid Azure prefix: '" + prefix + "'");
    }
  }

  static AzureLocation parse(URI uri) {
    requireNonNull(uri, "uri is null");
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getPort() != -1) {
      throw invalid(uri, null);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    try {
      if ("abfss".equals(uri.getScheme())) {
        String host = uri.getHost();
        String container = uri.getUserInfo();
        int dfs = host == null ? -1 : host.indexOf(".dfs.");
        if (container == null || dfs < 0) {
          throw invalid(uri, null);
        }
        return new AzureLocation(
            "abfss", host.substring(0, dfs), container, strip(path), host.substring(dfs + 5));
      }
      if ("az".equals(uri.getScheme())) {
        String account = uri.getAuthority();
        String rest = strip(path);
        if (account == null || rest.isEmpty()) {
          throw invalid(uri, null);
        }
        int slash = rest.indexOf('/');
        String container = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        return new AzureLocation("az", account, container, prefix, "core.windows.net");
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Invalid Azure location")) {
        throw e;
      }
      throw invalid(uri, e);
    }
    throw invalid(uri, null);
  }

  /** The Blob service endpoint of the account, e.g. {@code https://acct.blob.core.windows.net}. */
  URI blobEndpoint() {
    return URI.create("https://" + account + ".blob." + suffix);
  }

  String blobName(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  String relativeKey(String blobName) {
    return prefix.isEmpty() ? blobName : blobName.substring(prefix.length() + 1);
  }

  URI uri() {
    return toUri(prefix);
  }

  /** The URI of a key (or a listing prefix) under this location, quoted where it must be. */
  URI uri(String key) {
    return toUri(prefix.isEmpty() || key.isEmpty() ? prefix + key : prefix + "/" + key);
  }

  private URI toUri(String path) {
    try {
      if (scheme.equals("abfss")) {
        return new URI(
            "abfss",
            container + "@" + account + ".dfs." + suffix,
            path.isEmpty() ? null : "/" + path,
            null,
            null);
      }
      return new URI(
          "az", account, "/" + container + (path.isEmpty() ? "" : "/" + path), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid object key: '" + path + "'", e);
    }
  }

  private static String strip(String path) {
    String stripped = path;
    while (stripped.startsWith("/")) {
      stripped = stripped.substring(1);
    }
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }

  private static IllegalArgumentException invalid(URI uri, IllegalArgumentException cause) {
    return new IllegalArgumentException(
        "Invalid Azure location: '"
            + uri
            + "' (expected "
            + ACCEPTED_FORMS
            + ")"
            + (cause == null ? "" : ": " + cause.getMessage()),
        cause);
  }
}
