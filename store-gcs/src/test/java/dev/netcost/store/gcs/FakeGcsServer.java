package dev.netcost.store.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * A small, hand-written fake of the Cloud Storage JSON API on the JDK's HttpServer (loopback): just
 * what the adapter uses — multipart upload with {@code ifGenerationMatch} (including {@code 0}:
 * "only if no live object"), media download, paginated listing by prefix, delete — with
 * generations, and 403 for buckets marked forbidden. No emulator with preconditions can be had here
 * (LocalStorageHelper and the Firebase emulator ignore them), so this fake is what proves
 * create-exclusive for GCS. An upload whose body does not arrive whole stores nothing, as on GCS.
 * Any other request gets 501 and is recorded in {@link #unsupported()}.
 */
final class FakeGcsServer implements AutoCloseable {
  private static final Pattern OBJECT =
      Pattern.compile("(?:/download)?/storage/v1/b/([^/]+)/o/(.+)");
  private static final Pattern OBJECTS = Pattern.compile("/storage/v1/b/([^/]+)/o/?");
  private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o/?");

  private record StoredObject(byte[] content, long generation, Instant updated) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
  private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
  private final List<String> unsupported = new CopyOnWriteArrayList<>();
  private long nextGeneration = 1_700_000_000_000_000L;

  FakeGcsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void createBucket(String bucket) {
    buckets.putIfAbsent(bucket, new TreeMap<>());
  }

  /** Every request to this bucket is answered 403, as for an identity without a role on it. */
  void forbid(String bucket) {
    createBucket(bucket);
    forbidden.add(bucket);
  }

  /** Requests the fake did not understand since the last call (then forgotten). */
  List<String> drainUnsupported() {
    List<String> drained = List.copyOf(unsupported);
    unsupported.removeAll(drained);
    return drained;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String method = exchange.getRequestMethod();
      Matcher upload = UPLOAD.matcher(path);
      Matcher object = OBJECT.matcher(path);
      Matcher objects = OBJECTS.matcher(path);
      if (method.equals("POST") && upload.matches()) {
        upload(exchange, decode(upload.group(1)), query);
      } else if (method.equals("GET") && object.matches()) {
        get(exchange, decode(object.group(1)), decode(object.group(2)), query);
      } else if (method.equals("DELETE") && object.matches()) {
        delete(exchange, decode(object.group(1)), decode(object.group(2)));
      } else if (method.equals("GET") && objects.matches()) {
        list(exchange, decode(objects.group(1)), query);
      } else {
        unsupported.add(method + " " + exchange.getRequestURI());
        error(exchange, 501, "not supported by the fake: " + method + " " + path);
      }
    } catch (RuntimeException e) {
      unsupported.add("failed: " + e);
      throw e;
    }
  }

  private boolean checkBucket(HttpExchange exchange, String bucket) throws IOException {
    if (forbidden.contains(bucket)) {
      error(
          exchange,
          403,
          "anonymous caller does not have storage.objects access to the Google Cloud Storage"
              + " bucket. Permission denied on resource (or it may not exist).");
      return false;
    }
    if (!buckets.containsKey(bucket)) {
      error(exchange, 404, "The specified bucket does not exist.");
      return false;
    }
    return true;
  }

  private void upload(HttpExchange exchange, String bucket, Map<String, String> query)
      throws IOException {
    if (!checkBucket(exchange, bucket)) {
      return;
    }
    if (!"multipart".equals(query.get("uploadType"))) {
      unsupported.add("uploadType=" + query.get("uploadType"));
      error(exchange, 501, "only multipart uploads are supported by the fake");
      return;
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      return; // the body did not arrive whole: nothing is stored
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Matcher boundaryMatcher = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
    if (!boundaryMatcher.find()) {
      error(exchange, 400, "multipart upload without boundary");
      return;
    }
    List<byte[]> parts = parts(body, boundaryMatcher.group(1));
    if (parts.size() != 2) {
      unsupported.add(
          "DEBUG "
              + contentType
              + " body="
              + new String(body, 0, Math.min(400, body.length), UTF_8)
              + " headers="
              + exchange.getRequestHeaders().entrySet());
      error(exchange, 400, "expected two parts");
      return;
    }
    String metadata = new String(parts.get(0), UTF_8);
    Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(metadata);
    if (!name.find()) {
      error(exchange, 400, "upload metadata without name: " + metadata);
      return;
    }
    String objectName = unescapeJson(name.group(1));
    byte[] content = parts.get(1);
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    StoredObject stored;
    synchronized (objects) {
      StoredObject existing = objects.get(objectName);
      String match = query.get("ifGenerationMatch");
      if (match != null) {
        long expected = Long.parseLong(match);
        long actual = existing == null ? 0 : existing.generation();
        if (expected != actual) {
          error(exchange, 412, "At least one of the pre-conditions you specified did not hold.");
          return;
        }
      }
      stored =
          new StoredObject(
              content,
              nextGeneration++,
              Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      objects.put(objectName, stored);
    }
    json(exchange, 200, resource(bucket, objectName, stored));
  }

  private void get(HttpExchange exchange, String bucket, String name, Map<String, String> query)
      throws IOException {
    if (!checkBucket(exchange, bucket)) {
      return;
    }
    StoredObject stored;
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    synchronized (objects) {
      stored = objects.get(name);
    }
    if (stored == null) {
      error(exchange, 404, "No such object: " + bucket + "/" + name);
      return;
    }
    if ("media".equals(query.get("alt"))) {
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.getResponseHeaders().set("x-goog-generation", Long.toString(stored.generation()));
      exchange
          .getResponseHeaders()
          .set("x-goog-stored-content-length", Integer.toString(stored.content().length));
      exchange
          .getResponseHeaders()
          .set(
              "x-goog-hash",
              "crc32c=" + crc32c(stored.content()) + ",md5=" + md5(stored.content()));
      exchange.sendResponseHeaders(
          200, stored.content().length == 0 ? -1 : stored.content().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(stored.content());
      }
      return;
    }
    json(exchange, 200, resource(bucket, name, stored));
  }

  private void delete(HttpExchange exchange, String bucket, String name) throws IOException {
    if (!checkBucket(exchange, bucket)) {
      return;
    }
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    StoredObject removed;
    synchronized (objects) {
      removed = objects.remove(name);
    }
    if (removed == null) {
      error(exchange, 404, "No such object: " + bucket + "/" + name);
      return;
    }
    exchange.sendResponseHeaders(204, -1);
  }

  private void list(HttpExchange exchange, String bucket, Map<String, String> query)
      throws IOException {
    if (!checkBucket(exchange, bucket)) {
      return;
    }
    String prefix = query.getOrDefault("prefix", "");
    int maxResults = Integer.parseInt(query.getOrDefault("maxResults", "1000"));
    String after =
        query.containsKey("pageToken")
            ? new String(Base64.getUrlDecoder().decode(query.get("pageToken")), UTF_8)
            : null;
    List<String> items = new ArrayList<>();
    String last = null;
    boolean more = false;
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    synchronized (objects) {
      NavigableMap<String, StoredObject> tail =
          after == null ? objects.tailMap(prefix, true) : objects.tailMap(after, false);
      for (Map.Entry<String, StoredObject> entry : tail.entrySet()) {
        if (!entry.getKey().startsWith(prefix)) {
          break;
        }
        if (items.size() == maxResults) {
          more = true;
          break;
        }
        items.add(resource(bucket, entry.getKey(), entry.getValue()));
        last = entry.getKey();
      }
    }
    StringBuilder json = new StringBuilder("{\"kind\":\"storage#objects\"");
    if (more) {
      json.append(",\"nextPageToken\":\"")
          .append(Base64.getUrlEncoder().encodeToString(last.getBytes(UTF_8)))
          .append('"');
    }
    if (!items.isEmpty()) {
      json.append(",\"items\":[").append(String.join(",", items)).append(']');
    }
    json.append('}');
    json(exchange, 200, json.toString());
  }

  private static String resource(String bucket, String name, StoredObject stored) {
    return "{\"kind\":\"storage#object\",\"id\":\""
        + escapeJson(bucket + "/" + name + "/" + stored.generation())
        + "\",\"bucket\":\""
        + escapeJson(bucket)
        + "\",\"name\":\""
        + escapeJson(name)
        + "\",\"generation\":\""
        + stored.generation()
        + "\",\"metageneration\":\"1\",\"contentType\":\"application/octet-stream\""
        + ",\"size\":\""
        + stored.content().length
        + "\",\"timeCreated\":\""
        + stored.updated()
        + "\",\"updated\":\""
        + stored.updated()
        + "\",\"md5Hash\":\""
        + md5(stored.content())
        + "\",\"crc32c\":\""
        + crc32c(stored.content())
        + "\"}";
  }

  /** The request body, or null (after answering) when fewer bytes came than announced. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(body);
    } catch (IOException e) {
      return null; // a chunked body cut short
    }
    if (length != null && body.size() != Long.parseLong(length)) {
      return null;
    }
    if (!"gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      return body.toByteArray();
    }
    try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(body.toByteArray()))) {
      return gunzip.readAllBytes();
    } catch (IOException e) {
      return null; // a gzip stream cut short
    }
  }

  private static List<byte[]> parts(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(UTF_8);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i + delimiter.length <= body.length; i++) {
      if (matches(body, i, delimiter)) {
        starts.add(i);
        i += delimiter.length - 1;
      }
    }
    List<byte[]> parts = new ArrayList<>();
    for (int p = 0; p + 1 < starts.size(); p++) {
      int start = starts.get(p) + delimiter.length;
      int end = starts.get(p + 1);
      // skip the part's headers (up to the blank line); drop the CRLF before the next delimiter
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(UTF_8), start) + 4;
      int contentEnd = end - 2;
      byte[] content = new byte[Math.max(0, contentEnd - headersEnd)];
      System.arraycopy(body, headersEnd, content, 0, content.length);
      parts.add(content);
    }
    return parts;
  }

  private static boolean matches(byte[] body, int offset, byte[] needle) {
    for (int j = 0; j < needle.length; j++) {
      if (body[offset + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    for (int i = from; i + needle.length <= body.length; i++) {
      if (matches(body, i, needle)) {
        return i;
      }
    }
    throw new IllegalArgumentException("malformed multipart body");
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        query.put(decode(pair), "");
      } else {
        query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
      }
    }
    return query;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), UTF_8);
  }

  private static void error(HttpExchange exchange, int code, String message) throws IOException {
    json(
        exchange,
        code,
        "{\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + escapeJson(message)
            + "\",\"errors\":[{\"message\":\""
            + escapeJson(message)
            + "\",\"domain\":\"global\",\"reason\":\""
            + switch (code) {
              case 403 -> "forbidden";
              case 404 -> "notFound";
              case 412 -> "conditionNotMet";
              default -> "invalid";
            }
            + "\"}]}}");
  }

  private static void json(HttpExchange exchange, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String escapeJson(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String unescapeJson(String value) {
    return value.replace("\\\"", "\"").replace("\\/", "/").replace("\\\\", "\\");
  }

  private static String crc32c(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static String md5(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
