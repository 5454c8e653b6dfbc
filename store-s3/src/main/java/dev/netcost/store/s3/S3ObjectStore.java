package dev.netcost.store.s3;

import static java.util.Objects.requireNonNull;

import dev.netcost.store.BucketLocation;
import dev.netcost.store.Keys;
import dev.netcost.store.ObjectEntry;
import dev.netcost.store.ObjectStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket and prefix as an {@link ObjectStore}. Every write is one {@code PutObject}: S3 makes
 * an object visible only once its whole body arrived, so an interrupted upload leaves nothing
 * behind (no multipart uploads, whose parts could linger). {@link #createExclusive} sends {@code
 * If-None-Match: *}, which S3 answers with 412 when the key exists. Retries are the SDK's (standard
 * strategy), never a loop here.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client client;
  private final BucketLocation location;
  private final int listPageSize;
  private final String endpointName;
  private final Supplier<String> identity;

  S3ObjectStore(
      S3Client client,
      BucketLocation location,
      int listPageSize,
      String endpointName,
      Supplier<String> identity) {
    this.client = requireNonNull(client, "client is null");
    this.location = requireNonNull(location, "location is null");
    this.listPageSize = listPageSize;
    this.endpointName = requireNonNull(endpointName, "endpointName is null");
    this.identity = requireNonNull(identity, "identity is null");
  }

  @Override
  public URI root() {
    return location.uri();
  }

  @Override
  public URI uri(String key) {
    return location.uri(Keys.check(key));
  }

  @Override
  public void createExclusive(String key, byte[] data) throws IOException {
    put(key, data, true);
  }

  @Override
  public void createOrOverwrite(String key, byte[] data) throws IOException {
    put(key, data, false);
  }

  private void put(String key, byte[] data, boolean exclusive) throws IOException {
    URI uri = uri(key);
    requireNonNull(data, "data is null");
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(location.bucket())
            .key(location.objectKey(key))
            .contentLength((long) data.length)
            .contentType("application/octet-stream");
    if (exclusive) {
      request.ifNoneMatch("*");
    }
    try {
      client.putObject(request.build(), RequestBody.fromBytes(data));
    } catch (S3Exception e) {
      if (exclusive && e.statusCode() == 412) {
        throw new FileAlreadyExistsException(uri.toString(), null, "object already exists");
      }
      throw translate(e, "create", uri);
    } catch (SdkException e) {
      throw translate(e, "create", uri);
    }
  }

  @Override
  public byte[] read(String key) throws IOException {
    URI uri = uri(key);
    try {
      return client
          .getObjectAsBytes(
              request -> request.bucket(location.bucket()).key(location.objectKey(key)))
          .asByteArrayUnsafe();
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri.toString(), null, "no such object");
    } catch (SdkException e) {
      throw translate(e, "read", uri);
    }
  }

  @Override
  public List<ObjectEntry> list(String prefix) throws IOException {
    requireNonNull(prefix, "prefix is null");
    String listed = location.prefix().isEmpty() ? prefix : location.prefix() + "/" + prefix;
    URI uri = location.uri(prefix);
    ListObjectsV2Request request =
        ListObjectsV2Request.builder()
            .bucket(location.bucket())
            .prefix(listed)
            .maxKeys(listPageSize)
            .build();
    List<ObjectEntry> entries = new ArrayList<>();
    try {
      for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
        // "directory" markers made by consoles and tools are not objects of this store
        if (object.key().endsWith("/")) {
          continue;
        }
        entries.add(
            new ObjectEntry(
                location.relativeKey(object.key()), object.size(), object.lastModified()));
      }
    } catch (SdkException e) {
      throw translate(e, "list", uri);
    }
    entries.sort(Comparator.comparing(ObjectEntry::key));
    return entries;
  }

  @Override
  public void delete(String key) throws IOException {
    URI uri = uri(key);
    try {
      client.deleteObject(
          request -> request.bucket(location.bucket()).key(location.objectKey(key)));
    } catch (SdkException e) {
      throw translate(e, "delete", uri);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private IOException translate(SdkException exception, String verb, URI uri) {
    if (exception instanceof S3Exception s3) {
      String code =
          s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
              ? "HTTP " + s3.statusCode()
              : s3.awsErrorDetails().errorCode();
      if (s3.statusCode() == 403) {
        return (IOException)
            new AccessDeniedException(
                    uri.toString(),
                    null,
                    "access denied ("
                        + code
                        + ") to bucket '"
                        + location.bucket()
                        + "' for "
                        + identity.get()
                        + "; the identity needs s3:GetObject, s3:PutObject, s3:ListBucket and"
                        + " s3:DeleteObject on it")
                .initCause(exception);
      }
      if ("NoSuchBucket".equals(code)) {
        return new IOException(
            "Cannot " + verb + " " + uri + ": bucket '" + location.bucket() + "' does not exist",
            exception);
      }
      return new IOException(
          "Failed to " + verb + " " + uri + ": " + code + " (HTTP " + s3.statusCode() + ")",
          exception);
    }
    if (exception instanceof SdkClientException && unreachable(exception)) {
      return new IOException(
          "Cannot reach "
              + endpointName
              + " to "
              + verb
              + " "
              + uri
              + ": "
              + rootCause(exception).getMessage(),
          exception);
    }
    return new IOException(
        "Failed to " + verb + " " + uri + ": " + exception.getMessage(), exception);
  }

  private static boolean unreachable(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable exception) {
    Throwable cause = exception;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
