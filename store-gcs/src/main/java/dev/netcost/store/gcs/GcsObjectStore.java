package dev.netcost.store.gcs;

import static java.util.Objects.requireNonNull;

import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A Cloud Storage bucket and prefix as an {@link ObjectStore}. Every write is one upload request
 * carrying the whole content; Cloud Storage creates the object generation only when the upload
 * completes, so an interrupted upload leaves nothing. {@link #createExclusive} sends {@code
 * ifGenerationMatch=0}, answered with 412 when a live object exists. Retries are the client's
 * ({@code RetrySettings}; conditional writes are idempotent and retried), never a loop here.
 */
public final class GcsObjectStore implements ObjectStore {
  private final Storage storage;
  private final BucketLocation location;
  private final int listPageSize;
  private final String endpointName;
  private final Supplier<String> identity;

  GcsObjectStore(
      Storage storage,
      BucketLocation location,
      int listPageSize,
      String endpointName,
      Supplier<String> identity) {
    this.storage = requireNonNull(storage, "storage is null");
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
    URI uri = uri(key);
    requireNonNull(data, "data is null");
    try {
      storage.create(
          blobInfo(key),
          data,
          BlobTargetOption.doesNotExist(),
          BlobTargetOption.disableGzipContent());
    } catch (StorageException e) {
      if (e.getCode() == 412) {
        throw new FileAlreadyExistsException(uri.toString(), null, "object already exists");
      }
      throw translate(e, "create", uri);
    } catch (RuntimeException e) {
      throw translate(e, "create", uri);
    }
  }

  @Override
  public void createOrOverwrite(String key, byte[] data) throws IOException {
    URI uri = uri(key);
    requireNonNull(data, "data is null");
    try {
      // snapshots are already compressed (Parquet + ZSTD): no gzip on the wire
      storage.create(blobInfo(key), data, BlobTargetOption.disableGzipContent());
    } catch (RuntimeException e) {
      throw translate(e, "create", uri);
    }
  }

  private BlobInfo blobInfo(String key) {
    return BlobInfo.newBuilder(BlobId.of(location.bucket(), location.objectKey(key)))
        .setContentType("application/octet-stream")
        .build();
  }

  @Override
  public byte[] read(String key) throws IOException {
    URI uri = uri(key);
    try {
      return storage.readAllBytes(BlobId.of(location.bucket(), location.objectKey(key)));
    } catch (StorageException e) {
      if (e.getCode() == 404 && !bucketMissing(e)) {
        throw new NoSuchFileException(uri.toString(), null, "no such object");
      }
      throw translate(e, "read", uri);
    } catch (RuntimeException e) {
      throw translate(e, "read", uri);
    }
  }

  @Override
  public List<ObjectEntry> list(String prefix) throws IOException {
    requireNonNull(prefix, "prefix is null");
    String listed = location.prefix().isEmpty() ? prefix : location.prefix() + "/" + prefix;
    URI uri = location.uri(prefix);
    List<ObjectEntry> entries = new ArrayList<>();
    try {
      for (Blob blob :
          storage
              .list(
                  location.bucket(),
                  BlobListOption.prefix(listed),
                  BlobListOption.pageSize(listPageSize))
              .iterateAll()) {
        if (blob.getName().endsWith("/")) {
          continue; // folder placeholders made by the console are not objects
        }
        entries.add(
            new ObjectEntry(
                location.relativeKey(blob.getName()),
                blob.getSize(),
                Instant.ofEpochMilli(blob.getUpdateTime())));
      }
    } catch (RuntimeException e) {
      throw translate(e, "list", uri);
    }
    entries.sort(Comparator.comparing(ObjectEntry::key));
    return entries;
  }

  @Override
  public void delete(String key) throws IOException {
    URI uri = uri(key);
    try {
      storage.delete(BlobId.of(location.bucket(), location.objectKey(key)));
    } catch (RuntimeException e) {
      throw translate(e, "delete", uri);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      storage.close();
    } catch (Exception e) {
      throw new IOException("Failed to close the Cloud Storage client of " + root(), e);
    }
  }

  private static boolean bucketMissing(StorageException e) {
    return e.getMessage() != null && e.getMessage().contains("bucket does not exist");
  }

  private IOException translate(RuntimeException exception, String verb, URI uri) {
    if (unreachable(exception)) {
      return new IOException(
          "Cannot reach " + endpointName + " to " + verb + " " + uri + ": " + rootCause(exception),
          exception);
    }
    if (exception instanceof BaseServiceException service && service.getCode() > 0) {
      if (service.getCode() == 403 || service.getCode() == 401) {
        return (IOException)
            new AccessDeniedException(
                    uri.toString(),
                    null,
                    "access denied (HTTP "
                        + service.getCode()
                        + ") to bucket '"
                        + location.bucket()
                        + "' for "
                        + identity.get()
                        + "; the identity needs roles/storage.objectUser (or objectCreator,"
                        + " objectViewer and delete) on it")
                .initCause(exception);
      }
      if (service.getCode() == 404) {
        return new IOException(
            "Cannot " + verb + " " + uri + ": bucket '" + location.bucket() + "' does not exist",
            exception);
      }
      return new IOException(
          "Failed to "
              + verb
              + " "
              + uri
              + ": "
              + service.getMessage()
              + " (HTTP "
              + service.getCode()
              + ")",
          exception);
    }
    return new IOException(
        "Failed to " + verb + " " + uri + ": " + rootCause(exception), exception);
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

  private static String rootCause(Throwable exception) {
    Throwable cause = exception;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
