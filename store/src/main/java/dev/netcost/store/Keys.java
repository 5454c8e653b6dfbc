package dev.netcost.store;

/** Validation of object keys, shared by every adapter. */
public final class Keys {
  private Keys() {}

  public static String check(String key) {
    if (key == null) {
      throw new NullPointerException("key is null");
    }
    if (key.isEmpty()
        || key.startsWith("/")
        || key.endsWith("/")
        || key.contains("//")
        || key.contains("\\")
        || key.equals("..")
        || key.startsWith("../")
        || key.contains("/../")
        || key.endsWith("/..")) {
      throw new IllegalArgumentException("Invalid object key: '" + key + "'");
    }
    return key;
  }
}
