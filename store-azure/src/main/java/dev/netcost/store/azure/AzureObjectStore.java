package dev.netcost.store.azure;

import static java.util.Objects.requireNonNull;

import com.azure.core.exception.AzureException;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import dev.netcost.store.Keys;
import dev.netcost.store.ObjectEntry;
import dev.netcost.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * An Azure Blob container and prefix as an {@link ObjectStore}. Every write is one {@code Put Blob}
 * of the whole content, which Azure commits only once the body arrived whole, so an interrupted
 * upload leaves nothing (no staged blocks are ever committed piecemeal). {@link #createExclusive}
 * sends {@code If-None-Match: *}, answered with 409 {@code BlobAlreadyExists} when the blob exists.
 * Retries are the SDK's ({@code RequestRetryOptions}), never a loop here.
 */
public final class AzureObjectStore implements ObjectStore {
  private final BlobContainerClient container;
  private final AzureLocation location;
  private final int listPageSize;
  private final String endpointName;
  private final String identity;

  AzureObjectStore(
      BlobContainerClient container,
      AzureLocation location,
      int listPageSize,
      String endpointName,
      String identity) {
    this.container = requireNonNull(container, "container is null");
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
    BlockBlobSimpleUploadOptions options =
        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(data));
    if (exclusive) {
      options.setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    }
    try {
      container
          .getBlobClient(location.blobName(key))
          .getBlockBlobClient()
          .uploadWithResponse(options, null, Context.NONE);
    } catch (BlobStorageException e) {
      if (exclusive
          && (BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
              || e.getStatusCode() == 412)) {
        throw new FileAlreadyExistsException(uri.toString(), null, "object already exists");
      }
      throw translate(e, "create", uri);
    } catch (RuntimeException e) {
      throw translate(e, "create", uri);
    }
  }

  @Override
  public byte[] read(String key) throws IOException {
    URI uri = uri(key);
    try {
      return container.getBlobClient(location.blobName(key)).downloadContent().toBytes();
    } catch (BlobStorageException e) {
      if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
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
      ListBlobsOptions options =
          new ListBlobsOptions().setPrefix(listed).setMaxResultsPerPage(listPageSize);
      for (BlobItem item : container.listBlobs(options, null)) {
        if (item.getName().endsWith("/")) {
          continue; // folder markers of hierarchical-namespace accounts are not objects
        }
        entries.add(
            new ObjectEntry(
                location.relativeKey(item.getName()),
                item.getProperties().getContentLength(),
                item.getProperties().getLastModified().toInstant()));
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
      container.getBlobClient(location.blobName(key)).deleteIfExists();
    } catch (RuntimeException e) {
      throw translate(e, "delete", uri);
    }
  }

  private IOException translate(RuntimeException exception, String verb, URI uri) {
    if (exception instanceof BlobStorageException storage) {
      String code =
          storage.getErrorCode() == null
              ? "HTTP " + storage.getStatusCode()
              : storage.getErrorCode().toString();
      if (storage.getStatusCode() == 403) {
        return (IOException)
            new AccessDeniedException(
                    uri.toString(),
                    null,
                    "access denied ("
                        + code
                        + ") to container '"
                        + location.container()
                        + "' of storage account '"
                        + location.account()
                        + "' for "
                        + identity
                        + "; the identity needs the Storage Blob Data Contributor role on it")
                .initCause(exception);
      }
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(storage.getErrorCode())) {
        return new IOException(
            "Cannot "
                + verb
                + " "
                + uri
                + ": container '"
                + location.container()
                + "' does not exist in storage account '"
                + location.account()
                + "'",
            exception);
      }
      return new IOException(
          "Failed to " + verb + " " + uri + ": " + code + " (HTTP " + storage.getStatusCode() + ")",
          exception);
    }
    if (unreachable(exception)) {
      return new IOException(
          "Cannot reach " + endpointName + " to " + verb + " " + uri + ": " + rootCause(exception),
          exception);
    }
    if (exception instanceof AzureException || exception instanceof UncheckedIOException) {
      return new IOException(
          "Failed to " + verb + " " + uri + ": " + exception.getMessage(), exception);
    }
    return new IOException("Failed to " + verb + " " + uri + ": " + exception, exception);
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
